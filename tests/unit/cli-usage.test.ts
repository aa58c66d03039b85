import { ingest } from '../../src/cli/commands/ingest';
import { sources } from '../../src/cli/commands/sources';
import { helpAsked } from '../../src/cli/usage';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';

// A wrong command line is refused before any database is opened: exit code 2, and a first line
// that names the flag (or argument) and what was typed. tests/e2e/cli.test.ts checks one case as
// a real process.
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/nonexistent/never-opened', LOG_LEVEL: 'silent' });
const logger = createLogger('silent');
const COMMANDS = { sources, ingest };

async function refusal(command: keyof typeof COMMANDS, args: string[]): Promise<{ code: number; complaint: string; usage: boolean }> {
  let written = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    written += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await COMMANDS[command](args, config, logger);
    return { code, complaint: written.split('\n')[0], usage: written.includes(`Usage:`) };
  } finally {
    process.stderr.write = write;
  }
}

const FEED = 'https://feeds.example/world.xml';

it.each<[keyof typeof COMMANDS, string[], string]>([
  ['sources', ['add', FEED, '--interval', 'abc'], '--interval expects a whole number of minutes from 1 to 10080; got "abc".'],
  ['sources', ['add', FEED, '--interval', '0'], '--interval expects a whole number of minutes from 1 to 10080; got "0".'],
  ['sources', ['add', FEED, '--interval', '10081'], '--interval expects a whole number of minutes from 1 to 10080; got "10081".'],
  ['sources', ['add', FEED, '--interval', '2.5'], '--interval expects a whole number of minutes from 1 to 10080; got "2.5".'],
  ['sources', ['add', FEED, '--interval', 'ten\nminutes'], '--interval expects a whole number of minutes from 1 to 10080; got "ten\\nminutes".'],
  ['sources', ['add', FEED, '--interval'], '--interval needs a value.'],
  ['sources', ['add', FEED, '--kind', 'podcast'], '--kind expects one of RSS, ATOM, JSON_FEED, HTML; got "podcast".'],
  ['sources', ['add', FEED, '--name', '  '], '--name must be 1 to 200 characters; got 0.'],
  ['sources', ['add', FEED, '--full-text=yes'], '--full-text takes no value.'],
  ['sources', ['add', FEED, '--name', '--kind'], '--name needs a value (write --name=VALUE for a value that starts with a dash).'],
  ['sources', ['add', FEED, '--colour', 'red'], 'Unknown option "--colour".'],
  ['sources', ['add'], '`sources add` needs the URL of a feed or page.'],
  ['sources', ['add', FEED, 'https://feeds.example/other.xml'], '`sources add` takes one argument; got 2: "https://feeds.example/world.xml" "https://feeds.example/other.xml".'],
  ['sources', ['add', 'feeds.example/world.xml'], '<url> must be an absolute http(s) URL of a feed or page; got "feeds.example/world.xml".'],
  ['sources', ['add', 'ftp://feeds.example/world.xml'], '<url> must use http or https; got "ftp:".'],
  ['sources', ['remove'], '`sources remove` needs the ID of a source.'],
  ['sources', ['remove', 'abc'], '`sources remove` expects a source ID as `newsline sources list` prints it (such as U291cmNlOjE) or its row number; got "abc".'],
  ['sources', ['remove', 'QXJ0aWNsZTox'], '`sources remove` expects a source ID as `newsline sources list` prints it (such as U291cmNlOjE) or its row number; got "QXJ0aWNsZTox".'],
  ['sources', ['remove', '1', '--name', 'x'], 'Unknown option "--name".'],
  ['sources', ['list', 'all'], 'Unexpected argument "all".'],
  ['sources', [], '`sources` needs an action: add, list or remove.'],
  ['sources', ['delete', '1'], '`sources` expects add, list or remove; got "delete".'],
  ['ingest', ['--source'], '--source needs a value.'],
  ['ingest', ['--source', '0'], '--source expects a source ID as `newsline sources list` prints it (such as U291cmNlOjE) or its row number; got "0".'],
  ['ingest', ['--source', '99999999999'], '--source expects a source ID as `newsline sources list` prints it (such as U291cmNlOjE) or its row number; got "99999999999".'],
  ['ingest', ['--source', '2147483648'], '--source expects a source ID as `newsline sources list` prints it (such as U291cmNlOjE) or its row number; got "2147483648".'],
  ['ingest', ['--all'], 'Unknown option "--all".'],
  ['ingest', ['now'], 'Unexpected argument "now".'],
])('%s %j is refused with exit code 2: %s', async (command, args, complaint) => {
  expect(await refusal(command, args)).toEqual({ code: 2, complaint, usage: true });
});

it('refuses a URL longer than the API takes (2,048 characters) before fetching it, without quoting it all', async () => {
  const refused = await refusal('sources', ['add', `${FEED}?${'a'.repeat(100_000)}`]);
  expect(refused).toEqual({ code: 2, complaint: '<url> must be at most 2048 characters; got 100032.', usage: true });
});

describe('helpAsked', () => {
  it.each([
    [['--help'], true],
    [['add', 'https://example.com/feed.xml', '-h'], true],
    [['--source', '1', '--help'], true],
    [['--', '--help'], false],
    [['feed.xml', '--', '-h'], false],
    [['--helpful'], false],
    [[], false],
  ])('%j: %s', (args, expected) => {
    expect(helpAsked(args)).toBe(expected);
  });
});
