import type { Logger } from '../../src/logger';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, for the tests that expect a line: every entry, and the messages of warnings and infos. */
export function recordingLogger(): Logger & { entries: LogEntry[]; warnings: string[]; infos: string[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void entries.push({ level, message, fields });
  return {
    entries,
    get warnings() {
      return entries.filter((e) => e.level === 'warn').map((e) => e.message);
    },
    get infos() {
      return entries.filter((e) => e.level === 'info').map((e) => e.message);
    },
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
