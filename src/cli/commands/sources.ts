import { parseArgs } from 'node:util';
import type { Config } from '../../config/config';
import { SOURCE_KINDS, SourceKind } from '../../domain/rows';
import { BadInputError } from '../../domain/errors';
import { fromGlobalId, toGlobalId } from '../../domain/global-id';
import { toIsoString } from '../../domain/timestamp';
import type { Logger } from '../../logger';
import { openRuntime } from '../../runtime';

/** Reads a source ID as the API prints it, or a plain row number. */
export function sourceRowId(raw: string): number {
  return /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : fromGlobalId(raw, 'Source').id;
}

const USAGE = `Usage:
  newsline sources add <url> [--name NAME] [--kind RSS|ATOM|JSON_FEED|HTML] [--full-text] [--interval MINUTES]
  newsline sources list
  newsline sources remove <id>`;

/** `newsline sources add|list|remove`. */
export async function sources(args: string[], config: Config, logger: Logger): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, kind: { type: 'string' }, 'full-text': { type: 'boolean' }, interval: { type: 'string' } },
  });
  if (!['add', 'list', 'remove'].includes(action ?? '') || (action !== 'list' && positionals.length !== 1)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const kind = values.kind?.toUpperCase();
  if (kind !== undefined && !SOURCE_KINDS.includes(kind as SourceKind)) {
    throw new BadInputError(`--kind must be one of ${SOURCE_KINDS.join(', ')}; got "${values.kind}".`);
  }
  const runtime = await openRuntime(config, logger);
  try {
    if (action === 'add') {
      const source = await runtime.services.sourceAdmin.add({
        url: positionals[0],
        name: values.name,
        kind: kind as SourceKind | undefined,
        fullText: values['full-text'],
        fetchIntervalMinutes: values.interval === undefined ? undefined : Number(values.interval),
      });
      process.stdout.write(`Added ${toGlobalId('Source', source.id)} ${source.kind} "${source.name}" ${source.feedUrl}\n`);
    } else if (action === 'remove') {
      await runtime.services.sourceAdmin.remove(sourceRowId(positionals[0]));
      process.stdout.write(`Removed ${positionals[0]}\n`);
    } else {
      const rows = await runtime.services.sources.all();
      for (const row of rows) {
        const state = !row.enabled ? 'paused' : row.last_error ? `failing: ${row.last_error}` : row.last_success_at ? `ok ${toIsoString(row.last_success_at)}` : 'not read yet';
        process.stdout.write(`${toGlobalId('Source', row.id)}\t${row.kind}\t${row.name}\t${row.feed_url}\t${state}\n`);
      }
      if (rows.length === 0) process.stdout.write('No sources yet: newsline sources add <feed url>\n');
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
