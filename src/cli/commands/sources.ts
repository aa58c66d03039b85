import type { Config } from '../../config/config';
import { SOURCE_KINDS, SourceKind } from '../../domain/rows';
import { toGlobalId } from '../../domain/global-id';
import { shown } from '../../domain/input-check';
import { toIsoString } from '../../domain/timestamp';
import type { Logger } from '../../logger';
import { openRuntime, Runtime } from '../../runtime';
import { checkName, checkUrl, MAX_INTERVAL_MINUTES } from '../../services/source-admin.service';
import { checked, readArgs, sourceIdArg, UsageError, withUsage } from '../usage';
import { terminalText } from '../terminal-text';

const USAGE = `Usage:
  newsline sources add <url> [--name NAME] [--kind RSS|ATOM|JSON_FEED|HTML] [--full-text] [--interval MINUTES]
  newsline sources list
  newsline sources remove <id>
Exit code: 0 done, 1 the command failed, 2 a wrong command line.`;

const ADD_OPTIONS = {
  name: { type: 'string' },
  kind: { type: 'string' },
  'full-text': { type: 'boolean' },
  interval: { type: 'string' },
} as const;

/** The one positional argument an action takes, named `what` when it is missing. */
function onlyPositional(action: string, what: string, positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError(`\`sources ${action}\` needs ${what}.`);
  if (positionals.length > 1) throw new UsageError(`\`sources ${action}\` takes one argument; got ${positionals.length}: ${positionals.map(shown).join(' ')}.`);
  return positionals[0];
}

function kindArg(raw: string | undefined): SourceKind | undefined {
  if (raw === undefined) return undefined;
  const kind = raw.toUpperCase() as SourceKind;
  if (!SOURCE_KINDS.includes(kind)) throw new UsageError(`--kind expects one of ${SOURCE_KINDS.join(', ')}; got ${shown(raw)}.`);
  return kind;
}

function intervalArg(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const minutes = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(minutes >= 1 && minutes <= MAX_INTERVAL_MINUTES)) {
    throw new UsageError(`--interval expects a whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}; got ${shown(raw)}.`);
  }
  return minutes;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `newsline sources add|list|remove`. */
export function sources(args: string[], config: Config, logger: Logger): Promise<number> {
  return withUsage(USAGE, args, async () => {
    const [action, ...rest] = args;
    if (action === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (action === 'add') {
      const { values, positionals } = readArgs({ args: rest, allowPositionals: true, options: ADD_OPTIONS });
      const input = {
        url: checked(() => checkUrl(onlyPositional('add', 'the URL of a feed or page', positionals), '<url>')),
        name: checked(() => checkName(values.name, '--name')),
        kind: kindArg(values.kind),
        fullText: values['full-text'],
        fetchIntervalMinutes: intervalArg(values.interval),
      };
      return withRuntime(config, logger, async (runtime) => {
        const source = await runtime.services.sourceAdmin.add(input);
        process.stdout.write(terminalText(`Added ${toGlobalId('Source', source.id)} ${source.kind} "${source.name}" ${source.feedUrl}\n`));
      });
    }
    if (action === 'remove') {
      const { positionals } = readArgs({ args: rest, allowPositionals: true, options: {} });
      const raw = onlyPositional('remove', 'the ID of a source', positionals);
      const id = sourceIdArg('`sources remove`', raw);
      return withRuntime(config, logger, async (runtime) => {
        const removed = await runtime.services.sourceAdmin.remove(id);
        const kept = removed.articlesKept > 0 ? `; kept ${plural(removed.articlesKept, 'article', 'articles')} that other sources link to` : '';
        process.stdout.write(
          `Removed ${raw} with ${plural(removed.newsItems, 'news item', 'news items')} and ${plural(removed.articles, 'article', 'articles')}${kept}.\n`,
        );
      });
    }
    if (action === 'list') {
      readArgs({ args: rest, options: {} });
      return withRuntime(config, logger, async (runtime) => {
        const rows = await runtime.services.sources.all();
        for (const row of rows) {
          const pages = row.last_pages_failed > 0 ? `, ${plural(row.last_pages_failed, 'article page', 'article pages')} could not be read` : '';
          const state = !row.enabled ? 'paused' : row.last_error ? `failing: ${row.last_error}` : row.last_success_at ? `ok ${toIsoString(row.last_success_at)}${pages}` : 'not read yet';
          process.stdout.write(`${terminalText([toGlobalId('Source', row.id), row.kind, row.name, row.feed_url, state].join('\t'))}\n`);
        }
        if (rows.length === 0) process.stdout.write('No sources yet: newsline sources add <feed url>\n');
      });
    }
    throw new UsageError(action === undefined ? '`sources` needs an action: add, list or remove.' : `\`sources\` expects add, list or remove; got ${shown(action)}.`);
  });
}

async function withRuntime(config: Config, logger: Logger, work: (runtime: Runtime) => Promise<void>): Promise<number> {
  const runtime = await openRuntime(config, logger);
  try {
    await work(runtime);
    return 0;
  } finally {
    await runtime.close();
  }
}
