import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The folder of the code this process runs: `src/` under ts-node or jest, `dist/src/` when built. */
const CODE_ROOT = path.resolve(__dirname, '..');

const fingerprints = new Map<string, Promise<string>>();

/**
 * A digest of the code under `root` (its `.js` and `.ts` files, names and contents; declarations and source maps
 * left out). Two processes of different builds that print the same schema can still answer one query differently
 * (a resolver fixed between them), so during a rolling deploy they must not share cached answers: this is part of
 * the response cache's policy. Read once per process and root (about 200 files, a few milliseconds).
 */
export function codeFingerprint(root: string = CODE_ROOT): Promise<string> {
  let fingerprint = fingerprints.get(root);
  if (!fingerprint) {
    fingerprint = digestTree(root);
    fingerprints.set(root, fingerprint);
    fingerprint.catch(() => fingerprints.delete(root));
  }
  return fingerprint;
}

async function digestTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await codeFiles(root, '')) {
    const contents = await readFile(path.join(root, file));
    hash.update(`${file}\0${contents.length}\0`).update(contents);
  }
  return hash.digest('base64url');
}

/** The code files under `root`, as paths relative to it with `/` between folders, in one order on every machine. */
async function codeFiles(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await codeFiles(root, relative)));
    else if (entry.isFile() && isCode(entry.name)) files.push(relative);
  }
  return files;
}

function isCode(name: string): boolean {
  return (name.endsWith('.js') || name.endsWith('.ts')) && !name.endsWith('.d.ts');
}
