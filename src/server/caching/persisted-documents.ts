import type { Config } from '../../config/config';
import { shown } from '../../domain/input-check';
import type { PersistedQueryCode } from '../../graphql/errors';
import { checkManifest, loadManifest, OperationManifest, sha256Hex } from './operation-manifest';
import type { GraphQLSchema } from 'graphql';

/** `auto`: any query, and Apollo's automatic persisted queries; `only`: the manifest's operations alone; `off`: no persisted queries. */
export type PersistedQueriesMode = Config['persistedQueries'];

/** A request refused before Apollo sees it. */
export interface Refusal {
  status: number;
  code: PersistedQueryCode | 'BAD_REQUEST';
  message: string;
}

/** A request as Apollo receives it: a POST's parsed body, or a GET's query string. */
export interface HttpParams {
  body: unknown;
  search: string;
}

/** The request parameters that name a document: its text, an APQ hash, or a persisted document ID. */
export interface DocumentParams {
  query?: unknown;
  extensions?: unknown;
  /** The GraphQL-over-HTTP persisted documents proposal's name for an ID. */
  documentId?: unknown;
  /** Relay's name for it. */
  doc_id?: unknown;
}

/** What to run: the request's document as it came (text null), or a document's text in place of its ID. */
export type Resolution = { text: null } | { text: string } | Refusal;

const AS_IS: Resolution = { text: null };

/** The request's `extensions.persistedQuery`, as sent (undefined when it sends none). */
const persistedQueryOf = (extensions: unknown): unknown =>
  extensions !== null && typeof extensions === 'object' ? (extensions as { persistedQuery?: unknown }).persistedQuery : undefined;

/**
 * Why an `extensions.persistedQuery` is not Apollo's (version 1 with a `sha256Hash` string), or null when it is. Checked
 * here in every mode that takes persisted queries, so `only` answers a malformed one as `auto` does (400, BAD_REQUEST)
 * instead of looking its hash up.
 */
function malformedPersistedQuery(persistedQuery: unknown): string | null {
  if (persistedQuery === null || typeof persistedQuery !== 'object' || Array.isArray(persistedQuery)) {
    return `extensions.persistedQuery must be an object such as { "version": 1, "sha256Hash": "<64 hex digits>" }; got ${shown(persistedQuery)}.`;
  }
  const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) return `Unsupported persisted query version: this server reads version 1 of extensions.persistedQuery; got ${shown(version)}.`;
  if (typeof sha256Hash !== 'string') return `extensions.persistedQuery.sha256Hash must be a string (the SHA-256 of the query text, 64 hex digits); got ${shown(sha256Hash)}.`;
  return null;
}

/**
 * Resolves the persisted documents of requests before Apollo sees them: an ID of the manifest (an APQ hash,
 * `documentId` or Relay's `doc_id`) becomes the operation's text; with PERSISTED_QUERIES=only a query text must be
 * one of the manifest's, so nothing else is parsed, validated or run. In `auto` mode an APQ hash the manifest does
 * not hold goes on to Apollo's automatic persisted queries (see PersistedQueryStore).
 */
export class PersistedDocuments {
  constructor(
    readonly mode: PersistedQueriesMode,
    private readonly manifest: OperationManifest | null,
  ) {}

  /** The persisted documents the configuration asks for, its manifest read (a ConfigError if it cannot be). */
  static fromConfig(config: Pick<Config, 'persistedQueries' | 'persistedQueriesManifest'>): PersistedDocuments {
    return new PersistedDocuments(config.persistedQueries, config.persistedQueriesManifest === null ? null : loadManifest(config.persistedQueriesManifest));
  }

  /** Checks the manifest's operations against the schema (checkManifest): a ConfigError names one that cannot run. */
  checkAgainst(schema: GraphQLSchema, file: string | null): void {
    if (this.manifest && file !== null) checkManifest(file, this.manifest, schema);
  }

  /** The request to hand Apollo, or why it is refused. */
  resolveHttp(method: string | undefined, params: HttpParams): HttpParams | Refusal {
    const { body, search } = params;
    if (method === 'POST') {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return params;
      const resolution = this.resolveDocument(body as DocumentParams);
      if ('code' in resolution) return resolution;
      if (resolution.text === null) return params;
      const { documentId: _documentId, doc_id: _docId, extensions, ...rest } = body as DocumentParams & Record<string, unknown>;
      const kept = withoutPersistedQuery(extensions);
      return { body: { ...rest, query: resolution.text, ...(kept === undefined ? {} : { extensions: kept }) }, search };
    }
    // A GET: its parameters are only read when one of them may name a persisted document, or in `only` mode.
    if (method !== 'GET') return params;
    // (A parameter whose name is %-escaped, such as `ext%65nsions`, is read too: URLSearchParams decodes it.)
    if (this.mode !== 'only' && !/[?&](extensions|documentId|doc_id)=/.test(search) && !/[?&][^=&]*%/.test(search)) return params;
    const url = new URLSearchParams(search);
    for (const name of ['documentId', 'doc_id']) {
      const given = url.getAll(name).length;
      // As Apollo refuses a `query` given twice: only the first would be read.
      if (given > 1) return refusal(400, 'BAD_REQUEST', `The \`${name}\` parameter may be given once; got ${given}.`);
    }
    let extensions: unknown = url.get('extensions') ?? undefined;
    try {
      if (typeof extensions === 'string') extensions = JSON.parse(extensions);
    } catch {
      // Not reached over HTTP, which refuses such a GET first, saying why (checkQueryString in http-server.ts).
    }
    const resolution = this.resolveDocument({ query: url.get('query') ?? undefined, extensions, documentId: url.get('documentId') ?? undefined, doc_id: url.get('doc_id') ?? undefined });
    if ('code' in resolution) return resolution;
    if (resolution.text === null) return params;
    url.delete('documentId');
    url.delete('doc_id');
    url.set('query', resolution.text);
    const rest = withoutPersistedQuery(extensions);
    if (rest === undefined) url.delete('extensions');
    else url.set('extensions', JSON.stringify(rest));
    return { body, search: `?${url}` };
  }

  /** The document of a request's parameters (a POST's body, a GET's query string, a subscribe message), or why it is refused. */
  resolveDocument(params: DocumentParams): Resolution {
    const text = typeof params.query === 'string' && params.query !== '' ? params.query : null;
    const documentId = params.documentId ?? params.doc_id;
    if (this.mode === 'off') {
      return documentId === undefined ? AS_IS : refusal(200, 'PERSISTED_QUERY_NOT_SUPPORTED', 'This server takes no persisted queries (PERSISTED_QUERIES=off); send the query text.');
    }
    if (text !== null && documentId !== undefined) {
      // Which one was meant cannot be known; running the text would let a client believe its ID works.
      const name = params.documentId !== undefined ? 'documentId' : 'doc_id';
      return refusal(400, 'BAD_REQUEST', `Send the query text (\`query\`) or a persisted operation's ID (\`${name}\`), not both.`);
    }
    const persistedQuery = persistedQueryOf(params.extensions);
    if (persistedQuery !== undefined) {
      const malformed = malformedPersistedQuery(persistedQuery);
      if (malformed !== null) return refusal(400, 'BAD_REQUEST', malformed);
    }
    if (text !== null) {
      const hash = (persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      // Hashed only when something is compared with it: a plain query text in `auto` mode is not.
      const textHash = typeof hash === 'string' || this.mode === 'only' ? sha256Hex(text) : null;
      // A hash sent with a text must be the text's (or, with a manifest, the ID it lists that very text under).
      if (typeof hash === 'string' && textHash !== hash && this.manifest?.byId.get(hash) !== text) return refusal(400, 'BAD_REQUEST', HASH_MISMATCH);
      if (this.mode !== 'only') return AS_IS;
      if (!this.manifest?.textHashes.has(textHash as string)) {
        return refusal(
          400,
          'PERSISTED_QUERY_NOT_IN_LIST',
          "This server runs only the operations of its manifest (PERSISTED_QUERIES=only), and this query is not one of them, character for character; send a listed operation's ID (extensions.persistedQuery.sha256Hash, or documentId).",
        );
      }
      // Run as text: Apollo would otherwise register it as an automatic persisted query.
      return { text };
    }
    if (documentId !== undefined && typeof documentId !== 'string') {
      return refusal(400, 'BAD_REQUEST', `${params.documentId !== undefined ? 'documentId' : 'doc_id'} must be a string, the ID of an operation of the manifest; got ${shown(documentId)}.`);
    }
    const hash = (persistedQuery as { sha256Hash?: string } | undefined)?.sha256Hash;
    // Two IDs that differ: which one was meant cannot be known, as for a text and an ID.
    if (params.documentId !== undefined && params.doc_id !== undefined && params.documentId !== params.doc_id) {
      return refusal(400, 'BAD_REQUEST', `Send one persisted operation's ID: \`documentId\` (${shown(params.documentId)}) and \`doc_id\` (${shown(params.doc_id)}) differ.`);
    }
    if (documentId !== undefined && hash !== undefined && hash !== documentId) {
      const name = params.documentId !== undefined ? 'documentId' : 'doc_id';
      return refusal(400, 'BAD_REQUEST', `Send one persisted operation's ID: \`${name}\` (${shown(documentId)}) and \`extensions.persistedQuery.sha256Hash\` (${shown(hash)}) differ.`);
    }
    const id = documentId ?? hash;
    if (id === undefined) return AS_IS;
    const listed = this.manifest?.byId.get(id);
    if (listed !== undefined) return { text: listed };
    if (this.mode === 'auto' && documentId === undefined) {
      // An automatic persisted query's ID is the SHA-256 of its text in lower-case hex, as Apollo's clients write it:
      // another ID can never be registered or found (Apollo Server compares it with the hash it computes).
      if (!/^[0-9a-f]{64}$/.test(id)) {
        return refusal(400, 'BAD_REQUEST', `extensions.persistedQuery.sha256Hash must be the SHA-256 of the query text, 64 lower-case hex digits; got ${shown(id)}.`);
      }
      return AS_IS;
    }
    const where = this.manifest ? 'in the manifest (PERSISTED_QUERIES_MANIFEST)' : 'here: no manifest is loaded (PERSISTED_QUERIES_MANIFEST)';
    return refusal(200, 'PERSISTED_QUERY_NOT_FOUND', `No operation has the ID ${shown(id)} ${where}.`);
  }

  /**
   * A subscribe message's automatic persisted query, as Apollo serves them over HTTP (Apollo does not see WebSocket
   * messages): with PERSISTED_QUERIES=auto, a hash alone runs the text registered under it (PersistedQueryNotFound
   * until one is), and a hash with a text that is not its SHA-256 is refused; `register` keeps a text once it is
   * known to be a valid document, as Apollo does. Null when the message sends no such hash: resolveDocument says the rest.
   */
  async resolveAutomatic(params: DocumentParams, store: AutomaticQueryStore | null): Promise<{ text: string; register: () => Promise<void>; registers: boolean } | Refusal | null> {
    if (this.mode !== 'auto') return null;
    const hash = (persistedQueryOf(params.extensions) as { sha256Hash?: unknown } | undefined)?.sha256Hash;
    if (typeof hash !== 'string') return null;
    const text = typeof params.query === 'string' && params.query !== '' ? params.query : null;
    if (text !== null) {
      if (sha256Hex(text) !== hash) return refusal(400, 'BAD_REQUEST', HASH_MISMATCH);
      const registers = store !== null && (await registersNew(store, hash, text));
      return { text, registers, register: async () => void (registers && (await store?.set(APQ_KEY_PREFIX + hash, text))) };
    }
    const registered = store && (await store.get(APQ_KEY_PREFIX + hash));
    if (!registered) return refusal(200, 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound');
    return { text: registered, registers: false, register: async () => undefined };
  }

  /**
   * The automatic persisted query an HTTP request would register (a hash with its query text, in `auto` mode) when
   * `store` does not hold it yet and it is not too long to keep: registering is charged (registrationPoints) before
   * Apollo keeps it. Null otherwise.
   */
  async registeringHttp(method: string | undefined, params: HttpParams, store: AutomaticQueryStore | null): Promise<{ hash: string; text: string } | null> {
    if (this.mode !== 'auto' || store === null) return null;
    let query: unknown;
    let extensions: unknown;
    if (method === 'POST') {
      if (params.body === null || typeof params.body !== 'object') return null;
      ({ query, extensions } = params.body as DocumentParams);
    } else {
      const url = new URLSearchParams(params.search);
      query = url.get('query');
      try {
        extensions = JSON.parse(url.get('extensions') ?? 'null');
      } catch {
        return null;
      }
    }
    const hash = (persistedQueryOf(extensions) as { sha256Hash?: unknown } | undefined)?.sha256Hash;
    if (typeof hash !== 'string' || typeof query !== 'string' || query === '') return null;
    return (await registersNew(store, hash, query)) ? { hash, text: query } : null;
  }

  /** What decides which documents this process runs, as text: its mode and its manifest's operations as loaded. */
  get fingerprint(): string {
    return JSON.stringify([this.mode, this.manifest ? [...this.manifest.byId] : null]);
  }
}

/**
 * The longest query text kept as an automatic persisted query; a longer one runs, but is not kept (the client sends
 * its text each time). Operations of a manifest have no such limit.
 */
export const MAX_PERSISTED_QUERY_BYTES = 32 * 1024;

/** Bytes of query text that registering an automatic persisted query charges one point for (see registrationPoints). */
export const REGISTRATION_BYTES_PER_POINT = 10;

/**
 * What registering a query text as an automatic persisted query costs its client, on top of the operation: one point
 * per REGISTRATION_BYTES_PER_POINT bytes (a query of 2 kB costs 200 points, once an hour at most while the client
 * uses it), so that what one client can make the store keep is bounded by its rate budget.
 */
export function registrationPoints(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / REGISTRATION_BYTES_PER_POINT);
}

/** Whether keeping `text` under `hash` would register something new: the store lacks it, and it is short enough to keep. */
async function registersNew(store: AutomaticQueryStore, hash: string, text: string): Promise<boolean> {
  return Buffer.byteLength(text) <= MAX_PERSISTED_QUERY_BYTES && (await store.get(APQ_KEY_PREFIX + hash)) === undefined;
}

/** Where Apollo Server keeps an automatic persisted query in its store, under the query's hash (its APQ_CACHE_PREFIX). */
export const APQ_KEY_PREFIX = 'apq:';

/** The store automatic persisted queries are registered in and read from (Apollo's, see PersistedQueryStore). */
export interface AutomaticQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

const refusal = (status: number, code: Refusal['code'], message: string): Refusal => ({ status, code, message });

/** A hash sent with a query text that is not its hash (Apollo says "provided sha does not match query"). */
const HASH_MISMATCH =
  'extensions.persistedQuery.sha256Hash must be the SHA-256 of the query text sent with it (64 lower-case hex digits of the UTF-8 text, exactly as sent); it is not.';

/** The extensions without `persistedQuery` (undefined when nothing else is left). */
function withoutPersistedQuery(extensions: unknown): unknown {
  if (extensions === null || typeof extensions !== 'object' || !('persistedQuery' in extensions)) return extensions;
  const { persistedQuery: _persisted, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
