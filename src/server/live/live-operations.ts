import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  visit,
  type ASTNode,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { SubscribePayload } from 'graphql-ws';
import type { Config } from '../../config/config';
import { DomainError, UnauthenticatedError } from '../../domain/errors';
import type { QueryCost } from '../../graphql/cost/query-cost';
import { errorFormatter, LimitError, type PersistedQueryCode } from '../../graphql/errors';
import { refusedInputStrings } from '../../graphql/input-strings';
import type { LiveFeed } from '../../graphql/live/live-feed';
import { Loaders } from '../../graphql/loaders/loaders';
import type { LiveContext } from '../../graphql/resolvers/live.resolver';
import type { LiveEvent } from '../../graphql/types/live.type';
import type { Services } from '../../services';
import { documentLimitRules, onlyLimitErrors } from '../apollo';
import { registrationPoints, type AutomaticQueryStore, type PersistedDocuments } from '../caching/persisted-documents';
import { RequestBudget } from '../limits/request-budget';

/** Codes of the refusals of a subscription at the edge, beside those the HTTP API uses. */
export type LiveRefusalCode = 'GRAPHQL_PARSE_FAILED' | 'BAD_USER_INPUT' | 'GRAPHQL_VALIDATION_FAILED' | 'OPERATION_RESOLUTION_FAILURE' | 'COST_LIMIT_EXCEEDED' | 'TOO_MANY_SUBSCRIPTIONS' | 'BAD_REQUEST' | PersistedQueryCode;

/**
 * The values of the variables an event's result depends on, as a key: those the subscription field's selection (and
 * the fragments) reads. The field's own arguments (`filter`, `after`) choose the events, and do not change them.
 */
function selectionValues(args: ExecutionArgs): string {
  const operation = getOperationAST(args.document, args.operationName);
  const names = new Set<string>();
  const collect = (node: ASTNode | undefined) => node && visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) collect(selection);
    else {
      selection.directives?.forEach(collect);
      collect(selection.selectionSet);
    }
  }
  for (const definition of args.document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
  const values = args.variableValues ?? {};
  return JSON.stringify([...names].sort().map((name) => [name, values[name]]));
}

/** Documents kept parsed and validated (the oldest is dropped first). */
const KEPT_DOCUMENTS = 1000;

/** Longer texts are not kept (an app's subscriptions are short), so the kept ones hold at most 16 MiB of text. */
const LONGEST_KEPT_DOCUMENT = 16 * 1024;

const refusal = (code: LiveRefusalCode, message: string, nodes?: GraphQLError['nodes']) => new GraphQLError(message, { nodes, extensions: { code } });

export type LiveOperationConfig = Pick<Config, 'env' | 'maxQueryDepth' | 'maxQueryCost' | 'maxAliases' | 'maxDirectives' | 'maxTokens' | 'liveMaxSubscriptionsPerConnection' | 'liveStallTimeoutMs'>;

/** What running subscriptions needs from the process. */
export interface LiveOperationDeps {
  schema: GraphQLSchema;
  config: LiveOperationConfig;
  services: Services;
  live: LiveFeed;
  queryCost: QueryCost;
  /** With PERSISTED_QUERIES=only, a subscription must be one of the manifest's operations too. */
  persistedDocuments: PersistedDocuments;
  /** With PERSISTED_QUERIES=auto, where automatic persisted queries are registered (the store HTTP requests use). */
  persistedQueries: AutomaticQueryStore | null;
  logInternal: (error: unknown) => void;
}

/** One connection's side of its subscriptions: the budget of its client, and what ends a subscriber too slow for live events. */
export interface LiveConnection {
  budget: () => RequestBudget;
  tooSlow: () => void;
}

/** The context of a running subscription, with the switch that ends it. */
interface SubscriptionContext extends LiveContext {
  abort: AbortController;
  /**
   * Charges one replayed event to the client's budget, as the same selection over HTTP would be charged: a resume
   * executes up to LIVE_MAX_REPLAY events for this subscriber alone. Throws RATE_LIMITED once the budget is spent.
   */
  chargeReplayed: () => Promise<void>;
}

const NO_MUTATIONS = () => {
  throw new UnauthenticatedError('Mutations are sent over HTTP; a WebSocket connection runs subscriptions only.');
};

/**
 * Subscriptions over WebSocket: each subscribe message is checked against the same limits as a query over HTTP
 * (tokens, depth, aliases, directives, cost, the client's rate budget) and the connection's subscription limit before
 * anything runs; each event is executed with the loaders of its batch of changes (LiveBatch), not the
 * subscription's, so relation fields are read once per batch for all subscribers.
 */
export function liveOperations(deps: LiveOperationDeps) {
  const { schema, config } = deps;
  const rules = [...specifiedRules, ...documentLimitRules(config)];
  const format = errorFormatter(deps.logInternal, { hideSuggestions: config.env === 'production' });
  const formatAll = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((error) => format(error.toJSON(), error));

  const documentIds = new WeakMap<DocumentNode, number>();
  let documentsSeen = 0;
  const documentId = (document: DocumentNode) => {
    let id = documentIds.get(document);
    if (id === undefined) documentIds.set(document, (id = ++documentsSeen));
    return id;
  };

  // Parsed and validated documents by their text: the thousands of clients of one app send the same few, and share one.
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  /** The document of a query text, or the errors that refuse it; kept for the next client that sends the same text. */
  function checkedDocument(query: string): DocumentNode | readonly GraphQLError[] {
    const known = documents.get(query);
    if (known) return known;
    let checked: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query, { maxTokens: config.maxTokens });
      const invalid = onlyLimitErrors(validate(schema, document, rules));
      checked = invalid.length > 0 ? invalid.map((error) => refusal('GRAPHQL_VALIDATION_FAILED', error.message, error.nodes)) : document;
    } catch (error) {
      checked = [refusal('GRAPHQL_PARSE_FAILED', (error as Error).message)];
    }
    if (query.length <= LONGEST_KEPT_DOCUMENT) {
      if (documents.size >= KEPT_DOCUMENTS) documents.delete(documents.keys().next().value as string);
      documents.set(query, checked);
    }
    return checked;
  }

  /**
   * Checks a subscribe message on a connection running `running` subscriptions (this one included); returns the
   * execution arguments, or the errors that refuse it. A refused subscribe is charged 1 point, as a refused request
   * over HTTP is, so that refusals are not free to send.
   */
  async function onSubscribe(connection: LiveConnection, running: number, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const budget = connection.budget();
    const checked = await checkSubscribe(connection, budget, running, payload);
    if (Array.isArray(checked)) await budget.settle();
    return checked;
  }

  async function checkSubscribe(connection: LiveConnection, budget: RequestBudget, running: number, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
    if (running > config.liveMaxSubscriptionsPerConnection) {
      return [
        refusal(
          'TOO_MANY_SUBSCRIPTIONS',
          `One connection may run at most ${config.liveMaxSubscriptionsPerConnection} subscriptions at once (LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION); complete one first, or open another connection.`,
        ),
      ];
    }
    const persisted = deps.persistedDocuments.resolveDocument(payload);
    if ('code' in persisted) return [refusal(persisted.code, persisted.message)];
    // A hash of Apollo's automatic persisted queries, which resolveDocument leaves to the store (a manifest's ID it resolves).
    const automatic = persisted.text === null ? await deps.persistedDocuments.resolveAutomatic(payload, deps.persistedQueries) : null;
    if (automatic && 'code' in automatic) return [refusal(automatic.code, automatic.message)];
    const checked = checkedDocument(automatic?.text ?? persisted.text ?? payload.query);
    if (Array.isArray(checked)) return checked;
    if (automatic?.registers) {
      // Registering is charged by the length of the text kept (registrationPoints), before it is kept.
      try {
        await budget.charge(registrationPoints(automatic.text));
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    }
    await automatic?.register();
    const document = checked as DocumentNode;
    // An empty name is no name (some clients send "" for an operation without one), as over HTTP.
    const operationName = payload.operationName || undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      return [refusal('OPERATION_RESOLUTION_FAILURE', operationName ? `The document has no operation named "${operationName}".` : 'The document has several operations: name one in `operationName`.')];
    }
    if (operation.operation !== 'subscription') {
      return [refusal('GRAPHQL_VALIDATION_FAILED', `A WebSocket connection runs subscriptions only; send this ${operation.operation} over HTTP (POST or GET /graphql).`, [operation])];
    }
    const variables = payload.variables ?? {};
    const refused = refusedInputStrings(document, variables);
    if (refused) return refused;
    // graphql-js's own coercion, as over HTTP: variables that do not fit their types are the client's error.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return coerced.errors.map((error) => refusal('BAD_USER_INPUT', error.message, error.nodes));
    let chargeReplayed = async (): Promise<void> => undefined;
    try {
      const cost = deps.queryCost(document, operationName, variables);
      // No cost only for variables that do not fit their types, refused above.
      if (cost !== null) {
        if (cost > config.maxQueryCost) {
          return [refusal('COST_LIMIT_EXCEEDED', `This subscription costs ${cost} points per event; one operation may cost at most ${config.maxQueryCost}. Ask for fewer fields or nested lists; the README's "Query cost" says how points are counted.`)];
        }
        // A subscription is charged once, when it starts, for its live events (executed once per batch for all its
        // subscribers); each event it replays is charged again, as the same selection over HTTP would be.
        await budget.charge(cost);
        chargeReplayed = () => budget.charge(cost);
      }
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      if (error instanceof DomainError) return [new GraphQLError(error.message, { originalError: error })];
      throw error;
    }
    const abort = new AbortController();
    const contextValue: SubscriptionContext = {
      services: deps.services,
      loaders: new Loaders(deps.services),
      requireAdmin: NO_MUTATIONS,
      live: deps.live,
      follow: { signal: abort.signal, maxLagMs: config.liveStallTimeoutMs, onBehind: connection.tooSlow },
      abort,
      chargeReplayed,
    };
    return { schema, document, operationName, variableValues: variables, contextValue };
  }

  /** Starts a subscription: its events, each executed with the loaders of its batch; ended by `return()` (completion or close). */
  async function subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const context = args.contextValue as SubscriptionContext;
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) {
      context.abort.abort();
      return source;
    }
    const events = source as AsyncGenerator<LiveEvent<unknown>>;
    // Subscribers with the same document (shared by text, see checkedDocument) and the same values of the variables
    // their selection reads get the same result for an event: it is executed once per batch for all of them.
    const same = `${documentId(args.document)}\n${args.operationName ?? ''}\n${selectionValues(args)}\n`;
    const end = async () => {
      // Ends the feed's wait for live changes first: an async generator waiting inside cannot take `return()` until it yields.
      context.abort.abort();
      await events.return(undefined);
    };
    let ended = false;
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        if (ended) return { done: true, value: undefined };
        const next = await events.next();
        if (next.done) return { done: true, value: undefined };
        const event = next.value;
        if (event.replayed) {
          try {
            await context.chargeReplayed();
          } catch (error) {
            if (!(error instanceof LimitError)) throw error;
            // The replay stops before this event; the client resumes from the last event it received once its budget is full.
            ended = true;
            await end();
            const message = `${error.message} The replay stopped before this event: subscribe again with \`after\` set to the cursor of the last event you received once it is.`;
            return { done: false, value: { errors: [new LimitError('RATE_LIMITED', message, 429)] } };
          }
        }
        const result = await event.batch.shared(same + event.cursor, async () => execute({ ...args, rootValue: event, contextValue: { ...context, loaders: event.batch.loaders } }));
        return { done: false, value: result };
      },
      async return() {
        await end();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        await end();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return results;
  }

  return { onSubscribe, subscribe, formatAll };
}
