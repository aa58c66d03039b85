import { SingleBar, Presets } from 'cli-progress';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/config';
import type { IngestReport } from '../../domain/ingest-report';
import type { Logger } from '../../logger';
import { openRuntime } from '../../runtime';
import { sourceRowId } from './sources';

/** `newsline ingest [--source ID]`: refresh every due source (or one, due or not) now, then summarize. */
export async function ingest(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parseArgs({ args, options: { source: { type: 'string' } } });
  const runtime = await openRuntime(config, logger);
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'refreshing {bar} {value}/{total} sources | {source}', stream: process.stderr }, Presets.shades_classic) : null;
  let started = false;
  try {
    const reports = await runtime.ingest.scheduler.runOnce(
      (report, done, total) => {
        if (bar && !started) {
          bar.start(total, 0, { source: '' });
          started = true;
        }
        bar?.update(done, { source: `${report.sourceId} ${report.status}` });
        if (!bar) process.stderr.write(`source ${report.sourceId}: ${report.status} +${report.itemsAdded} ~${report.itemsUpdated} (${done}/${total})\n`);
      },
      values.source === undefined ? undefined : sourceRowId(values.source),
    );
    bar?.stop();
    process.stdout.write(summary(reports));
    return reports.some((r) => r.status === 'FAILED') ? 1 : 0;
  } finally {
    bar?.stop();
    await runtime.close();
  }
}

function summary(reports: IngestReport[]): string {
  if (reports.length === 0) return 'No source was due. Use --source ID to refresh one anyway.\n';
  const sum = (key: keyof IngestReport) => reports.reduce((n, r) => n + (r[key] as number), 0);
  const failed = reports.filter((r) => r.status === 'FAILED');
  const lines = [
    `Refreshed ${reports.length} source(s): ${reports.length - failed.length} ok, ${failed.length} failed.`,
    `News items: ${sum('itemsAdded')} added, ${sum('itemsUpdated')} updated, ${sum('itemsUnchanged')} unchanged. Articles: ${sum('articlesAdded')} added, ${sum('articlesUpdated')} updated.`,
    ...failed.map((r) => `  source ${r.sourceId} failed: ${r.errors[0]}`),
  ];
  return `${lines.join('\n')}\n`;
}
