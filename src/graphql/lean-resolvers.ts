import { GraphQLSchema, isObjectType, type GraphQLFieldResolver } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Calls the field resolvers that take only their parent and the context (`@Root()`, `@Ctx()`, in any order)
 * directly, instead of through type-graphql's generic wrapper.
 *
 * On every call the wrapper builds a resolver-data object, sorts the method's parameter list (Array.prototype.sort
 * allocates a work array each time), maps it into a new array and passes the parent through its type conversion:
 * on a feed page of 20 articles, `Article.source` and `Article.category` alone made about a fifth of the bytes a
 * request allocated (V8's sampling heap profiler, objects collected by the young generation included), and the
 * young generation's collections are what a cold request waits for in the tail of its latency.
 *
 * A field keeps type-graphql's resolver when it has roles (`@Authorized`), middlewares, arguments or parameters of
 * other kinds, and at run time whenever its parent is not an instance of the class its `@Root()` parameter names
 * (type-graphql would convert it; the mappers build instances, so that does not happen on the API's own paths).
 * buildSchema is given no global middlewares (schema.ts), which this relies on. Resolver classes hold no state:
 * one instance per class serves every request, as type-graphql's default container does.
 */
export function leanFieldResolvers(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...params: unknown[]) => unknown>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const objectType = storage.objectTypes.find((meta) => meta.name === type.name);
    if (!objectType) continue;
    for (const field of Object.values(type.getFields())) {
      const wrapped = field.resolve;
      if (!wrapped) continue;
      const resolver = storage.fieldResolvers.find(
        (meta) => meta.kind === 'external' && meta.schemaName === field.name && meta.getObjectType?.() === objectType.target,
      );
      if (!resolver || resolver.roles || (resolver.middlewares?.length ?? 0) > 0 || !resolver.params) continue;
      // Exactly two parameters, one @Root() and one @Ctx(), whole (no property of either picked).
      const params = [...resolver.params].sort((a, b) => a.index - b.index);
      if (params.length !== 2 || params.some((param, index) => param.index !== index || (param.kind !== 'root' && param.kind !== 'context') || param.propertyName)) continue;
      const rootAt = params.findIndex((param) => param.kind === 'root');
      const root = params[rootAt];
      if (root?.kind !== 'root' || params[1 - rootAt].kind !== 'context') continue;
      const RootType = root.getType?.();
      if (typeof RootType !== 'function') continue;
      let instance = instances.get(resolver.target);
      if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, (...params: unknown[]) => unknown>)()));
      const method = instance[resolver.methodName];
      const target = instance;
      const lean: GraphQLFieldResolver<unknown, unknown> =
        rootAt === 0
          ? (parent, args, context, info) => (parent instanceof RootType ? method.call(target, parent, context) : wrapped(parent, args, context, info))
          : (parent, args, context, info) => (parent instanceof RootType ? method.call(target, context, parent) : wrapped(parent, args, context, info));
      field.resolve = lean;
    }
  }
}
