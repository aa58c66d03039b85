import { parseArgs, ParseArgsConfig } from 'node:util';
import { DomainError } from '../domain/errors';
import { fromGlobalId, MAX_ROW_ID, toGlobalId } from '../domain/global-id';
import { shown } from '../domain/input-check';

/** The command line does not fit what the command takes (exit code 2, with the command's usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Node's parseArgs complaint restated in one line that names the option. */
function restate(error: { code?: string; message: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  const positional = /argument '([^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `Unknown option ${shown(option)}.`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined) return `Unexpected argument ${shown(positional)}.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/does not take an argument/.test(error.message)) return `${option} takes no value.`;
    if (/ambiguous/.test(error.message)) return `${option} needs a value (write ${option}=VALUE for a value that starts with a dash).`;
    return `${option} needs a value.`;
  }
  return error.message;
}

/**
 * node:util's parseArgs (strict), throwing UsageErrors that name the option; an option that takes one value and is
 * given twice is refused (parseArgs would keep the last and say nothing: `--since 1d --since 2d`).
 */
export function readArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T & { tokens: true }>>;
  try {
    parsed = parseArgs({ ...config, tokens: true });
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(restate(e));
    throw error;
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || config.options?.[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`${token.rawName} is given more than once; give it once.`);
    seen.add(token.name);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}

/** Whether the command line asks for help: `--help` or `-h` anywhere before a `--`, as in `sources add --help`. */
export function helpAsked(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Runs a command with its arguments: `--help` or `-h` among them prints the usage on stdout and exits with 0, and a
 * UsageError prints its message and the usage on stderr and exits with 2.
 */
export async function withUsage(usage: string, args: readonly string[], command: () => Promise<number>): Promise<number> {
  if (helpAsked(args)) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
}

/** Applies a check written for API input to a command-line value, turning its refusal into a UsageError. */
export function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  }
}

/** Reads a source ID as the API and `sources list` print it, or a plain row number. */
export function sourceIdArg(name: string, raw: string): number {
  if (/^[1-9][0-9]{0,9}$/.test(raw) && Number(raw) <= MAX_ROW_ID) return Number(raw);
  try {
    return fromGlobalId(raw, 'Source').id;
  } catch {
    throw new UsageError(`${name} expects a source ID as \`newsline sources list\` prints it (such as ${toGlobalId('Source', 1)}) or its row number; got ${shown(raw)}.`);
  }
}
