// Jest globalTeardown: stops the redis-server that tests/redis-setup.js started, if it started one.
module.exports = async function redisTeardown() {
  const child = globalThis.__newslineTestRedis;
  if (!child) return;
  child.kill();
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
};
