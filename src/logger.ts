import type { Config } from './config/config';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/** A leveled logger writing one JSON line per event to stderr. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Makes the process logger for a level; events below it cost one comparison. */
export function createLogger(level: Config['logLevel']): Logger {
  const threshold = LEVELS[level];
  const write = (name: keyof typeof LEVELS) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[name] < threshold) return;
    // A stack trace is kept on errors (a failure of Newsline's own), and on anything at LOG_LEVEL=debug; a warning
    // of what the world did (a Redis away, a feed that failed) says what happened without one.
    if (fields?.stack !== undefined && name !== 'error' && threshold > LEVELS.debug) {
      const { stack: _stack, ...rest } = fields;
      fields = rest;
    }
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: name, message, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Renders an unknown thrown value for a log line, with its stack (written on errors, and at LOG_LEVEL=debug). */
export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}
