import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeFingerprint } from '../../src/server/code-fingerprint';

/** A fresh copy of a small code tree; codeFingerprint reads a root once per process, so each case has its own. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'newsline-code-'));
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), contents);
  }
  roots.push(root);
  return root;
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const build = {
  'app.js': 'exports.start = 1;',
  'graphql/resolvers/article.js': 'exports.headline = (a) => a.headline;',
  'server/http.js': 'exports.listen = 2;',
};

describe('codeFingerprint', () => {
  it('is the same for the same code wherever it lies', async () => {
    expect(await codeFingerprint(tree(build))).toBe(await codeFingerprint(tree(build)));
  });

  it('changes when a resolver changes, and when a file is added, removed or renamed', async () => {
    const before = await codeFingerprint(tree(build));
    const variants: Record<string, string>[] = [
      { ...build, 'graphql/resolvers/article.js': 'exports.headline = (a) => a.headline.trim();' },
      { ...build, 'graphql/resolvers/source.js': 'exports.name = 1;' },
      { 'app.js': build['app.js'], 'server/http.js': build['server/http.js'] },
      { 'app.js': build['app.js'], 'graphql/resolvers/story.js': build['graphql/resolvers/article.js'], 'server/http.js': build['server/http.js'] },
      { ...build, 'app.ts': 'export const start = 1;' },
    ];
    const after = await Promise.all(variants.map((files) => codeFingerprint(tree(files))));
    for (const fingerprint of after) expect(fingerprint).not.toBe(before);
    expect(new Set(after).size).toBe(variants.length);
  });

  it('leaves out what is not code: declarations, source maps, other files', async () => {
    const before = await codeFingerprint(tree(build));
    const withExtras = { ...build, 'app.d.ts': 'export declare const start: number;', 'app.js.map': '{}', 'README.md': '# notes' };
    expect(await codeFingerprint(tree(withExtras))).toBe(before);
  });

  it('does not take one file ending where the next begins for the same code', async () => {
    const a = await codeFingerprint(tree({ 'a.js': 'xy', 'b.js': 'z' }));
    const b = await codeFingerprint(tree({ 'a.js': 'x', 'b.js': 'yz' }));
    expect(a).not.toBe(b);
  });

  it('reads the code this process runs by default', async () => {
    expect(await codeFingerprint()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
