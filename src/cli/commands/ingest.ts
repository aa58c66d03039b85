import { SingleBar, Presets } from 'cli-progress';
import type { Config } from '../../config/config';
import type { IngestReport } from '../../domain/ingest-report';
import { toGlobalId } from '../../domain/global-id';
import { FULL_CONTENT_WORDS } from '../../domain/reading';
import type { Logger } from '../../logger';
import { REFRESH_FAILED } from '../../ingest/pipeline';
import { openRuntime } from '../../runtime';
import { readArgs, sourceIdArg, UsageError, withUsage } from '../usage';
import { terminalText } from '../terminal-text';

const USAGE = `Usage: newsline ingest [--source ID]
  Refreshes every due source now (or only source ID, due or not), then prints a summary.
  Exit code: 0 done, 1 a refresh or the command failed, 2 a wrong command line.`;

/** `newsline ingest [--source ID]`: refresh every due source (or one, due or not) now, then summarize. */
export function ingest(args: string[], config: Config, logger: Logger): Promise<number> {
  return withUsage(USAGE, args, async () => {
    const { values } = readArgs({ args, options: { source: { type: 'string', multiple: true } } });
    if (values.source && values.source.length > 1) {
      throw new UsageError(`--source is given ${values.source.length} times; give one source (or none, to refresh every due source).`);
    }
    const sourceId = values.source === undefined ? undefined : sourceIdArg('--source', values.source[0]);
    const runtime = await openRuntime(config, reportingLogger(logger));
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'refreshing {bar} {value}/{total} sources | {source}', stream: process.stderr }, Presets.shades_classic) : null;
    let started = false;
    try {
      const reports = await runtime.ingest.scheduler.runOnce((report, done, total) => {
        if (bar && !started) {
          bar.start(total, 0, { source: '' });
          started = true;
        }
        bar?.update(done, { source: `${report.sourceId} ${report.status}` });
        if (!bar) process.stderr.write(terminalText(`source ${sourceName(report)}: ${report.status} +${report.itemsAdded} ~${report.itemsUpdated} (${done}/${total})\n`));
      }, sourceId);
      bar?.stop();
      const elsewhere = sourceId === undefined ? await runtime.ingest.scheduler.refreshingElsewhere() : 0;
      if (reports.length === 0 && elsewhere === 0 && (await runtime.services.sources.count()) === 0) {
        process.stdout.write('No sources yet: add one with `newsline sources add <feed url>`, then run `newsline ingest`.\n');
        return 0;
      }
      process.stdout.write(terminalText(summary(reports, elsewhere)));
      return reports.some((r) => r.status === 'FAILED') ? 1 : 0;
    } finally {
      bar?.stop();
      await runtime.close();
    }
  });
}

/**
 * The process logger, less what this command tells itself: a failed refresh is in its progress line and its summary,
 * with its reason; logged as well, it was said twice, once as JSON. It is still logged at LOG_LEVEL=debug.
 */
function reportingLogger(logger: Logger): Logger {
  return { ...logger, warn: (message, fields) => (message === REFRESH_FAILED ? logger.debug : logger.warn)(message, fields) };
}

/** A source as `sources list` prints it: by its ID. */
const sourceName = (report: IngestReport) => toGlobalId('Source', report.sourceId);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Problems listed per source in the summary. */
const MAX_ERRORS_SHOWN = 10;

function summary(reports: IngestReport[], elsewhere: number): string {
  const busy = elsewhere === 1 ? '1 source is being refreshed by another process' : `${elsewhere} sources are being refreshed by another process`;
  if (reports.length === 0) {
    if (elsewhere > 0) return `No source was due: ${busy} right now.\n`;
    return 'No source was due. Use --source ID to refresh one anyway.\n';
  }
  const sum = (key: keyof IngestReport) => reports.reduce((n, r) => n + (r[key] as number), 0);
  const failed = reports.filter((r) => r.status === 'FAILED');
  const lines = [
    `Refreshed ${plural(reports.length, 'source', 'sources')}: ${reports.length - failed.length} ok, ${failed.length} failed.`,
    `News items: ${sum('itemsAdded')} added, ${sum('itemsUpdated')} updated, ${sum('itemsUnchanged')} unchanged. Articles: ${sum('articlesAdded')} added, ${sum('articlesUpdated')} updated.`,
    ...failed.map((r) => `  source ${sourceName(r)} failed: ${r.errors[0]}`),
  ];
  if (sum('pagesFetched') + sum('pagesFailed') > 0) {
    lines.push(`Article pages: ${sum('pagesFetched')} read, ${sum('pagesFailed')} could not be read.`);
  }
  // What went wrong inside refreshes that succeeded: pages that could not be read, entries skipped.
  for (const r of reports.filter((report) => report.status !== 'FAILED')) {
    lines.push(...r.errors.slice(0, MAX_ERRORS_SHOWN).map((error) => `  source ${sourceName(r)}: ${error}`));
    if (r.errors.length > MAX_ERRORS_SHOWN) lines.push(`  source ${sourceName(r)}: … and ${r.errors.length - MAX_ERRORS_SHOWN} more (refreshSource in the API lists them all).`);
  }
  if (sum('headlinesOnly') > 0) {
    lines.push(
      `${plural(sum('headlinesOnly'), 'entry', 'entries')} kept as headlines only: under ${FULL_CONTENT_WORDS} words of content and the source is not fullText ` +
        '(a fullText source reads their article pages: updateSource(input: { fullText: true }), or `sources add --full-text`).',
    );
  }
  if (elsewhere > 0) lines.push(`Meanwhile ${busy}.`);
  return `${lines.join('\n')}\n`;
}
