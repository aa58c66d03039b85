import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { longBody, rss } from '../helpers/feeds';
import { runNewsline } from '../helpers/newsline-process';

const folder = mkdtempSync(join(tmpdir(), 'newsline-extract-'));

/** A feed file of `count` full-content entries. */
function feedFile(name: string, count: number): string {
  const entries = Array.from({ length: count }, (_, n) => ({
    guid: `entry-${n}`,
    title: `Entry ${n}`,
    link: `https://big.example/${n}`,
    pubDate: 'Wed, 27 Mar 2024 07:00:00 GMT',
    content: longBody(150, `entry${n}`),
  }));
  const path = join(folder, name);
  writeFileSync(path, rss(entries));
  return path;
}

describe('newsline extract piped to a slow reader', () => {
  it('writes all of a multi-megabyte output before it exits', async () => {
    const feed = feedFile('big.xml', 1500);
    const { code, stdout, stderr } = await runNewsline(['extract', feed], {}, { readAfterMs: 1500 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(1024 * 1024);
    const lines = stdout.toString().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).items).toHaveLength(1500);
  });
});
