import { createLogger, describeError } from '../../src/logger';

/** The JSON lines `run` writes to standard error. */
function linesOf(run: () => void): Record<string, unknown>[] {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return written.join('').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('the logger', () => {
  const failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');

  it('writes a stack trace on errors, not on warnings, below LOG_LEVEL=debug', () => {
    const [warning, error] = linesOf(() => {
      const logger = createLogger('info');
      logger.warn('Redis does not answer', describeError(failure));
      logger.error('a request failed', describeError(failure));
    });
    expect(warning).toEqual({ time: expect.any(String), level: 'warn', message: 'Redis does not answer', error: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect(error).toMatchObject({ level: 'error', stack: expect.stringMatching(/^Error: connect ECONNREFUSED/) });
  });

  it('writes every stack trace at LOG_LEVEL=debug', () => {
    const [warning] = linesOf(() => createLogger('debug').warn('Redis does not answer', describeError(failure)));
    expect(warning).toMatchObject({ level: 'warn', stack: expect.stringMatching(/^Error: connect ECONNREFUSED/) });
  });
});
