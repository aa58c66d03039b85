import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { CacheHint, FIELD_HINTS, TYPE_HINTS } from './cache-hints';

/** How many seconds an operation's answer may be kept by HTTP caches; 0: not at all. */
export type CacheMaxAge = (document: DocumentNode, operation: OperationDefinitionNode) => number;

/** A hint's limit in seconds, 'inherit', or null when there is none. */
type Limit = number | 'inherit' | null;

const limitOfHint = (hint: CacheHint | undefined): Limit => (hint === undefined ? null : hint === 'inherit' ? 'inherit' : hint.maxAge);

/** Every name of the hint tables that the schema does not have; the policy refuses to start with one. */
function unknownHints(schema: GraphQLSchema, typeHints: Record<string, CacheHint>, fieldHints: Record<string, CacheHint>): string[] {
  const unknown = Object.keys(typeHints).filter((name) => !isCompositeType(schema.getType(name)));
  for (const key of Object.keys(fieldHints)) {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    if (!(isObjectType(type) || isInterfaceType(type)) || !type.getFields()[fieldName]) unknown.push(key);
  }
  return unknown;
}

/**
 * Makes the max-age of operations from the hint tables (cache-hints.ts), computed from the document alone, once per
 * parsed document and operation (Apollo keeps the parsed document of a query text it has seen, so a repeated query
 * costs one map lookup): no hook runs per field. Being static, it counts every field of the document, those that
 * `@skip` or `@include` leave out and those of fragments on types the answer does not hold too, so it is never
 * longer than the hints of the fields actually answered.
 */
export function cacheMaxAgeOf(
  schema: GraphQLSchema,
  typeHints: Record<string, CacheHint> = TYPE_HINTS,
  fieldHints: Record<string, CacheHint> = FIELD_HINTS,
): CacheMaxAge {
  const unknown = unknownHints(schema, typeHints, fieldHints);
  if (unknown.length > 0) throw new Error(`The cache hints name types or fields the schema does not have: ${unknown.join(', ')}.`);

  const typeLimits = new Map<GraphQLNamedType, Limit>();
  /** A type's hint; an abstract type without one of its own takes the shortest of its implementations' (none: 0). */
  const typeLimit = (type: GraphQLCompositeType): Limit => {
    let limit = typeLimits.get(type);
    if (limit !== undefined) return limit;
    limit = limitOfHint(typeHints[type.name]);
    if (limit === null && isAbstractType(type)) {
      const implementations = schema.getPossibleTypes(type).map((possible) => typeLimit(possible));
      limit = Math.min(...implementations.map((each) => (each === null ? 0 : each === 'inherit' ? Infinity : each)));
    }
    typeLimits.set(type, limit);
    return limit;
  };

  /** The limit one field puts on the answer (Infinity: none), by Apollo's rules (see cache-hints.ts). */
  const fieldLimit = (parent: GraphQLCompositeType, name: string, root: boolean): number => {
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    // `__typename` says nothing that changes; `__schema` and `__type` (introspection) are not kept.
    if (!field) return name === '__typename' ? Infinity : 0;
    const type = getNamedType(field.type);
    const composite = isCompositeType(type);
    let limit = limitOfHint(fieldHints[`${parent.name}.${name}`]);
    if (limit === null && composite) limit = typeLimit(type);
    if (limit === null) return composite || root ? 0 : Infinity;
    if (limit === 'inherit') return root ? 0 : Infinity;
    return limit;
  };

  const compute = (document: DocumentNode, operation: OperationDefinitionNode): number => {
    const root = schema.getRootType(operation.operation);
    if (!root) return 0;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const walked = new Set<string>();
    let maxAge = Infinity;
    const walk = (set: SelectionSetNode, parent: GraphQLCompositeType): void => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          maxAge = Math.min(maxAge, fieldLimit(parent, name, parent === root));
          const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
          if (selection.selectionSet && field) walk(selection.selectionSet, getNamedType(field.type) as GraphQLCompositeType);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
          walk(selection.selectionSet, isCompositeType(condition) ? condition : parent);
        } else if (!walked.has(selection.name.value)) {
          // A fragment limits the answer the same wherever it is spread: once is enough.
          walked.add(selection.name.value);
          const fragment = fragments.get(selection.name.value);
          const condition = fragment && schema.getType(fragment.typeCondition.name.value);
          if (fragment && isCompositeType(condition)) walk(fragment.selectionSet, condition);
        }
      }
    };
    walk(operation.selectionSet, root);
    // An operation whose fields set no limit at all (`{ __typename }`) is not kept, as Apollo does.
    return maxAge === Infinity ? 0 : maxAge;
  };

  const kept = new WeakMap<DocumentNode, Map<OperationDefinitionNode, number>>();
  return (document, operation) => {
    let byOperation = kept.get(document);
    if (!byOperation) kept.set(document, (byOperation = new Map()));
    let maxAge = byOperation.get(operation);
    if (maxAge === undefined) byOperation.set(operation, (maxAge = compute(document, operation)));
    return maxAge;
  };
}
