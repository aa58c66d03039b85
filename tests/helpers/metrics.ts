/** The SQL statements a server has sent so far, read from its /metrics. */
export async function sqlStatements(graphqlUrl: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^newsline_sql_statements_total (\d+)/m.exec(text)?.[1]);
}
