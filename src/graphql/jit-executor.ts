import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, printSchema, valueFromASTUntyped } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { shown } from '../domain/input-check';
import { installGatewayContext } from './gateway-context';
import { refusedInputStrings } from './input-strings';

/**
 * Executes operations with graphql-jit instead of graphql-js, behind Apollo's executor hook.
 *
 * Apollo still parses, validates (with its document cache), formats errors and speaks HTTP;
 * only execution changes. graphql-jit compiles each distinct operation once into a function
 * that walks the selection without graphql-js's per-field argument, path and promise
 * bookkeeping, which on a 20-article feed page is most of the CPU time per request.
 * Compiled operations are kept per parsed document, so they live as long as Apollo's
 * document cache keeps the document.
 */
export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  installGatewayContext();
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();
  let listener: GatewaySchemaLoadOrUpdateCallback | undefined;

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operationName, operation, request } = requestContext;
    // Apollo hands over a document whose operation it could not pick, and answers what comes back with 400.
    if (!operation) return { errors: [unresolvedOperation(request.operationName)] };
    const variables = request.variables ?? {};
    const refused = refusedInputStrings(document, variables);
    if (refused) return { errors: refused };
    // graphql-js's own coercion, so bad variables get the messages Apollo answers with 400 BAD_USER_INPUT.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors.map(asUserInputError) };
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    let query = byOperation.get(operationName ?? '');
    if (!query) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      if (!isCompiledQuery(result)) return result;
      byOperation.set(operationName ?? '', (query = result));
    }
    const result = await query.query(undefined, requestContext.context, withDefaults(operation, variables));
    if (result.errors) return { ...result, errors: result.errors.map(toGraphQLJsError) };
    return result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => (listener = undefined);
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {},
  };
}

/**
 * The variables with the default of each one the request leaves out, as written in the document: graphql-jit
 * refuses a non-null variable that is not given even when it has a default (`query($first: Int! = 5)`), which
 * graphql-js and the specification fill in. Its own coercion then reads them as it reads given values.
 */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | null = null;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue === undefined || variables[name] !== undefined) continue;
    filled ??= { ...variables };
    filled[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return filled ?? variables;
}

/** The error graphql-js gives when a request names no operation of its document, with the name quoted escaped and cut short. */
function unresolvedOperation(name: string | null | undefined): GraphQLError {
  return new GraphQLError(name == null ? 'Must provide operation name if query contains multiple operations.' : `Unknown operation named ${shown(name)}.`);
}

/**
 * Every variable coercion error is the client's, including graphql-js's "Too many errors" one that carries
 * no variable node (and which Apollo would otherwise mask as an internal error).
 */
function asUserInputError(error: GraphQLError): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
}

/** graphql-jit's errors lack what Apollo reads (extensions, toJSON fields): rebuild them as graphql-js errors. */
function toGraphQLJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: original,
    extensions: error.extensions ?? (original as GraphQLError | undefined)?.extensions,
  });
  (converted as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}
