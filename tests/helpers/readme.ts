import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The ```graphql blocks of the README that read (queries), in order: what a newcomer copies first. */
export function readmeQueries(): string[] {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1].trim()).filter((block) => !/^mutation\b/m.test(block));
}
