import { errorMessage } from '../src/domain/errors';

/** Raised for a flag whose value does not fit; its message names the flag and what was expected (empty for --help). */
export class UsageError extends Error {}

/** The value of `--flag` as a whole number from `min` to `max`. */
export function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${flag} expects a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

/** The value of `--database-url`: a postgres:// URL that names a database, such as `example`. */
export function databaseUrlFlag(raw: string, example: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--database-url expects a URL such as ${example}; got "${raw}".`);
  }
  if ((url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.pathname.length < 2) {
    throw new UsageError(`--database-url expects a postgres:// URL that names a database; got "${raw}".`);
  }
  return raw;
}

/** The options `parse` reads; on a usage error (or --help), prints what is wrong and `usage`, and exits 2 (0 for --help). */
export function optionsOrExit<T>(parse: () => T, usage: string): T {
  try {
    return parse();
  } catch (error) {
    const usageError = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = usageError ? errorMessage(error) : String(error);
    process.stderr.write(`${message ? `${message}\n\n` : ''}${usage}`);
    process.exit(message ? 2 : 0);
  }
}
