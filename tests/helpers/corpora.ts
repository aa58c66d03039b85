import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A path inside the real-world corpora carried under tests/corpora (see its README), e.g. corpusPath('feeds', 'input'). */
export function corpusPath(...segments: string[]): string {
  // Found from the repository root: this file runs from tests/helpers/ under ts-jest and from dist/tests/helpers/ in benchmarks.
  let repo = __dirname;
  while (!existsSync(join(repo, 'package.json')) && dirname(repo) !== repo) repo = dirname(repo);
  return join(repo, 'tests', 'corpora', ...segments);
}
