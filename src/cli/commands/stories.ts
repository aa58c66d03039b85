import { Presets, SingleBar } from 'cli-progress';
import { DateTimeISOResolver } from 'graphql-scalars';
import type { Config } from '../../config/config';
import { closeDatabase, createDataSource, openDatabase } from '../../db/data-source';
import { countStoriesSince, rebuildStories } from '../../db/repositories/story-grouping';
import { INSTANTS_TEXT, isStorableInstant, nonexistentDay } from '../../domain/date-range';
import { shown } from '../../domain/input-check';
import { readArgs, UsageError, withUsage } from '../usage';

const USAGE = `Usage: newsline stories rebuild --since WHEN
  Groups again into stories the news items of the stories that had a headline since WHEN, and the items
  published since then that have none (stored before stories existed), with the current method.
  WHEN is an ISO 8601 date-time with offset (2026-11-01T00:00:00Z) or a time ago: 72h, 7d.
Exit code: 0 done, 1 the command failed, 2 a wrong command line.`;

/** The earliest time a Date holds (year -271821): a time ago further back is refused below as out of range. */
const EARLIEST_DATE_MS = -8.64e15;

/**
 * The instant `--since` names: an ISO 8601 date-time with an offset, read as the API reads a DateTime (so
 * "2024-02-30T00:00:00Z" and "T24:00:00" are refused, not rolled over to the next day), or hours or days ago.
 */
export function sinceArg(raw: string | undefined, now = Date.now()): Date {
  if (raw === undefined) throw new UsageError('`stories rebuild` needs --since, such as --since 72h or --since 2026-11-01T00:00:00Z.');
  // Any count of hours or days is read, so that one too large is refused for its range below, not for its form.
  const ago = /^([0-9]{1,15})([hd])$/.exec(raw);
  const at = ago ? new Date(Math.max(now - Number(ago[1]) * (ago[2] === 'h' ? 3_600_000 : 86_400_000), EARLIEST_DATE_MS)) : isoInstant(raw);
  if (!at) {
    const day = nonexistentDay(raw);
    if (day) throw new UsageError(`--since must name a day the calendar has (${day} has none); got ${shown(raw)}.`);
    throw new UsageError(`--since expects an ISO 8601 date-time with offset (2026-11-01T00:00:00Z) or a time ago (72h, 7d); got ${shown(raw)}.`);
  }
  if (!isStorableInstant(at.getTime())) {
    throw new UsageError(`--since must name an instant from ${INSTANTS_TEXT}; ${shown(raw)} is ${at.getTime() < 0 ? 'before' : 'after'} that range.`);
  }
  return at;
}

/** An RFC 3339 date-time, read by the validator the DateTime scalar uses; null when it is not one. */
function isoInstant(raw: string): Date | null {
  try {
    return DateTimeISOResolver.parseValue(raw) as Date;
  } catch {
    return null;
  }
}

/** `newsline stories rebuild --since WHEN`: regroup a window of news items into stories, with a progress bar. */
export function stories(args: string[], config: Config): Promise<number> {
  return withUsage(USAGE, args, async () => {
    const { values, positionals } = readArgs({ args, allowPositionals: true, options: { since: { type: 'string' } } });
    if (positionals.length !== 1 || positionals[0] !== 'rebuild') {
      throw new UsageError(`\`stories\` takes one action, rebuild; got ${positionals.length ? positionals.map(shown).join(' ') : 'none'}.`);
    }
    const since = sinceArg(values.since);
    const dataSource = createDataSource(config);
    await openDatabase(dataSource);
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'grouping {bar} {value}/{total} news items', stream: process.stderr }, Presets.shades_classic) : null;
    const started = Date.now();
    try {
      const grouped = await rebuildStories(dataSource, since, (done, total) => {
        if (bar && done === 0) bar.start(total, 0);
        else bar?.update(done);
      });
      bar?.stop();
      const n = await countStoriesSince(dataSource, since);
      process.stdout.write(`Grouped ${grouped} news items into stories in ${((Date.now() - started) / 1000).toFixed(1)} s; ${n} stories have a headline since ${since.toISOString()}.\n`);
      return 0;
    } finally {
      bar?.stop();
      await closeDatabase(dataSource);
    }
  });
}
