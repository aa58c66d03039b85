/** `expression AS name, …` for the given output names and SQL expressions. */
export function selectList(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, expression]) => `${expression} AS ${name}`)
    .join(', ');
}
