/**
 * `newsline serve` as the live bench runs it: the same startApp, in a child process started with --expose-gc, which
 * answers a `memory` message with its heap and RSS after a full collection, so that per-subscriber figures count what
 * the subscriptions keep, not garbage waiting for the collector.
 */
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';

const collect = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!collect || !process.send) throw new Error('Run this with --expose-gc, as a forked child process.');
  const config = loadConfig();
  const app = await startApp(config, createLogger(config.logLevel));
  process.on('message', (message: string) => {
    if (message === 'memory') {
      collect();
      collect();
      const { heapUsed, rss } = process.memoryUsage();
      process.send!({ heapUsed, rss });
    } else if (message === 'stop') {
      void app.stop().then(() => process.exit(0));
    }
  });
  process.send({ url: app.url });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
