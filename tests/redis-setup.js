// Jest globalSetup: the tests of what processes share through Redis need one. They use TEST_REDIS_URL when it is set,
// else the Redis on 127.0.0.1:6379 when one answers there, else a redis-server this starts for the run (on a free
// port, keeping nothing on disk) when the machine has one installed, so that `npm test` needs no server running.
const { spawn } = require('node:child_process');
const net = require('node:net');

/** Resolves true when a Redis answers PING at the port within a second. */
function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function redisSetup() {
  if (process.env.TEST_REDIS_URL || (await answers(6379))) return;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const started = await new Promise((resolve) => {
    child.once('error', () => resolve(false));
    (async () => {
      for (let waited = 0; waited < 5000; waited += 100) {
        if (await answers(port)) return resolve(true);
        await new Promise((wake) => setTimeout(wake, 100));
      }
      resolve(false);
    })();
  });
  if (!started) {
    child.kill();
    process.stderr.write(
      '\nNo Redis answers at 127.0.0.1:6379 and redis-server could not be started: the tests of Redis-shared state ' +
        '(rate limits, cached answers, persisted queries across processes) will fail. Install Redis, start one, or set TEST_REDIS_URL.\n',
    );
    return;
  }
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  globalThis.__newslineTestRedis = child;
};
