// PostGraphile v5 baseline config for the feed benchmark (production-like:
// no GraphiQL, no watch, no explain, no subscriptions/websockets).
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const connectionString =
  process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/newsline_bench";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [
    PostGraphileAmberPreset,
    PgSimplifyInflectionPreset,
    PostGraphileConnectionFilterPreset,
  ],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ["public"],
      // node-postgres pool; pg's default max is 10.
      poolConfig: { max: Number(process.env.PG_POOL_MAX ?? 10) },
      pubsub: false,
    }),
  ],
  schema: {
    // Keep the filter surface small (only what the benchmark needs + the usual
    // comparison operators); none of this changes the SQL for the feed query.
    connectionFilterAllowedOperators: [
      "isNull", "equalTo", "notEqualTo", "in", "notIn",
      "lessThan", "lessThanOrEqualTo", "greaterThan", "greaterThanOrEqualTo",
    ],
    connectionFilterComputedColumns: false,
    connectionFilterSetofFunctions: false,
    connectionFilterArrays: false,
  },
  grafserv: {
    port: 4300,
    host: "127.0.0.1",
    graphqlPath: "/graphql",
    graphiql: false,
    graphqlOverGET: false,
    watch: false,
    websockets: false,
  },
  grafast: {
    explain: false,
  },
};

export default preset;
