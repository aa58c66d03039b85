// Library mode: PostGraphile v5 served through grafserv's node:http adaptor.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import preset from "./graphile.config.mjs";

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => { console.error(e); process.exit(1); });
serv.addTo(server).catch((e) => { console.error(e); process.exit(1); });

const { port, host } = preset.grafserv;
server.listen(port, host, () => {
  console.log(`PostGraphile v5 listening on http://${host}:${port}/graphql (pid ${process.pid})`);
});

const shutdown = async () => {
  server.close();
  try { await pgl.release(); } catch {}
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
