/** SQL statements this process has sent to its database, read by /metrics, tests and benchmarks. */
export const sqlStatements = { total: 0 };
