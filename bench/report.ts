import os from 'node:os';
import type { LoadRow } from './load';
import { SearchRow, searchHeader, searchRow } from './search';

/** Facts about the machine a result was measured on, for the summary. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
}

/** The facts of this machine, with the PostgreSQL version the caller read from the server. */
export function machineFacts(postgres: string): MachineFacts {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
  };
}

const COLUMNS: { title: string; cell: (row: LoadRow) => string }[] = [
  { title: 'server', cell: (r) => r.target },
  { title: 'concurrency', cell: (r) => String(r.concurrency) },
  { title: 'rate', cell: (r) => (r.rate === null ? 'max' : r.rate.toFixed(0)) },
  { title: 'req/s', cell: (r) => r.requestsPerSecond.toFixed(0) },
  { title: 'p50 ms', cell: (r) => r.p50Ms.toFixed(0) },
  { title: 'p99 ms', cell: (r) => r.p99Ms.toFixed(0) },
  { title: 'non-2xx', cell: (r) => String(r.non2xx) },
  { title: 'errors', cell: (r) => String(r.errors) },
  { title: 'gql errors', cell: (r) => String(r.graphqlErrors) },
  { title: 'SQL/req', cell: (r) => (Number.isNaN(r.sqlPerRequest) ? 'n/a' : r.sqlPerRequest.toFixed(2)) },
  { title: 'requests', cell: (r) => String(r.requests) },
];

/** The header line and the rule under it of the load table. */
export function tableHeader(): string {
  const header = COLUMNS.map((c) => c.title.padStart(Math.max(c.title.length, 8))).join('  ');
  return `${header}\n${'-'.repeat(header.length)}`;
}

/** One load run as a line of the table, aligned under tableHeader(). */
export function tableRow(row: LoadRow): string {
  return COLUMNS.map((c) => c.cell(row).padStart(Math.max(c.title.length, 8))).join('  ');
}

/** Whole numbers with thousands separators, e.g. 1,000,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Everything one run measured, as printed in the summary. */
export interface Summary {
  startedAt: Date;
  machine: MachineFacts;
  database: string;
  articles: number;
  loading: string;
  window: { from: Date; to: Date };
  durationSeconds: number;
  rows: LoadRow[];
  /** The fixed-rate runs at half of the cold saturation rate. */
  rateRows: LoadRow[];
  deep: { depth: number; samples: number; firstMs: number; deepMs: number; walkPages: number; walkSeconds: number } | null;
  search: { samples: number; rows: SearchRow[] } | null;
}

/** The result as a plain-text block to paste into a note. */
export function summaryBlock(s: Summary): string {
  const m = s.machine;
  const lines = [
    `Newsline feed benchmark, ${s.startedAt.toISOString()}`,
    `machine:  ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}`,
    `software: Node ${m.node}, PostgreSQL ${m.postgres}; load generator, server and database on this one machine`,
    `data:     ${count(s.articles)} articles in ${s.database}; ${s.loading}`,
    `query:    articles(first: 20) with source and category, published in [${s.window.from.toISOString()}, ${s.window.to.toISOString()})`,
    ...(s.rows.length > 0
      ? [
          `load:     autocannon, keep-alive, ${s.durationSeconds} s per level, the same first page each request; the servers in turn at each level`,
          '',
          tableHeader(),
          ...[...s.rows, ...s.rateRows].map(tableRow),
          '',
          ...sideBySide(s.rows, s.rateRows),
          '',
        ]
      : []),
    ...(s.deep
      ? [
          `deep pagination (${s.deep.samples} sequential requests each, after a walk of ${count(s.deep.walkPages)} pages in ${s.deep.walkSeconds.toFixed(1)} s):`,
          ...aligned([
            ['first page', `median ${s.deep.firstMs.toFixed(2)} ms`],
            [`page after row ${count(s.deep.depth)}`, `median ${s.deep.deepMs.toFixed(2)} ms`],
            ['deep / first', (s.deep.deepMs / s.deep.firstMs).toFixed(2)],
          ]),
        ]
      : []),
    ...(s.search ? ['', `search (${s.search.samples} sequential requests per row, pages of 20):`, searchHeader(), ...s.search.rows.map(searchRow)] : []),
  ];
  return lines.join('\n');
}

/** What each target is, as the side-by-side block says it. */
const TARGET_NAMES: Record<string, string> = {
  baseline: 'baseline: node:http + pg, one statement',
  cold: 'Newsline cold (RESPONSE_CACHE=off)',
  warm: 'Newsline warm (response cache on)',
};

/** What each target is held to, as a ratio of the baseline's req/s. */
const RATIO_TARGETS: Record<string, number> = { cold: 0.6, warm: 1.5 };

/** The p99 at half of the cold saturation rate that the feed is held to. */
export const P99_TARGET_MS = 10;

/** The best req/s of each server over the levels, as ratios of the baseline's, and the p99s of the fixed-rate runs. */
export function sideBySide(rows: LoadRow[], rateRows: LoadRow[]): string[] {
  const best = new Map<string, LoadRow>();
  for (const row of rows) if ((best.get(row.target)?.requestsPerSecond ?? -1) < row.requestsPerSecond) best.set(row.target, row);
  const baseline = best.get('baseline')?.requestsPerSecond;
  const lines = ['side by side (the best req/s of each server over the levels):'];
  const pairs: [string, string][] = [...best].map(([target, row]) => {
    const ratio = baseline ? row.requestsPerSecond / baseline : NaN;
    const goal = RATIO_TARGETS[target];
    const verdict = goal === undefined || Number.isNaN(ratio) ? '' : `  (target ≥ ${goal}×: ${ratio >= goal ? 'met' : 'NOT met'})`;
    const shown = Number.isNaN(ratio) ? '' : `  ${ratio.toFixed(2)}× the baseline`;
    return [TARGET_NAMES[target] ?? target, `${count(Math.round(row.requestsPerSecond))} req/s at concurrency ${row.concurrency}${shown}${verdict}`];
  });
  lines.push(...aligned(pairs));
  if (rateRows.length > 0) {
    lines.push(`p99 at ${count(rateRows[0].rate ?? 0)} req/s, half of the cold saturation rate (evenly spaced, open loop, ${rateRows[0].client === 'node' ? `node:http's agent, up to ${rateRows[0].concurrency} connections` : `a lean client, ${rateRows[0].concurrency} connections`}):`);
    lines.push(
      ...aligned(
        rateRows.map((row) => {
          const verdict = row.target === 'cold' ? `  (target ≤ ${P99_TARGET_MS} ms: ${row.p99Ms <= P99_TARGET_MS ? 'met' : 'NOT met'})` : '';
          return [TARGET_NAMES[row.target] ?? row.target, `p99 ${row.p99Ms} ms, p50 ${row.p50Ms} ms, ${count(Math.round(row.requestsPerSecond))} req/s achieved${verdict}`];
        }),
      ),
    );
  }
  return lines;
}

/** Label-value pairs as indented lines with the values in one column. */
function aligned(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}
