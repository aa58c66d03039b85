/** Orders rows by the keys asked for: one entry per key, null for a miss (the DataLoader contract). */
export function inKeyOrder<Row extends { id: number }>(ids: readonly number[], rows: Row[]): (Row | null)[] {
  const byId = new Map<number, Row>();
  for (const row of rows) byId.set(row.id, row);
  return ids.map((id) => byId.get(id) ?? null);
}
