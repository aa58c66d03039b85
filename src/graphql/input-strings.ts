import { ArgumentNode, DocumentNode, GraphQLError, Kind, ValueNode, visit } from 'graphql';
import { inputStringProblem, shown } from '../domain/input-check';

/** How many refused strings one answer lists; past that the client has enough to go on. */
const MAX_REPORTED = 10;

const literalErrors = new WeakMap<DocumentNode, readonly GraphQLError[]>();

/**
 * Refuses every string a request passes as an argument that PostgreSQL could not store or compare
 * (see inputStringProblem): the document's literals (checked once per parsed document, which Apollo
 * caches) and the variables (checked on every request). Undefined when all are fine.
 *
 * One check at the edge covers every field, nested input field and list element, including fields
 * added later, so no resolver, scalar or repository has to remember it.
 */
export function refusedInputStrings(document: DocumentNode, variables: Readonly<Record<string, unknown>>): readonly GraphQLError[] | undefined {
  let errors = literalErrors.get(document);
  if (!errors) literalErrors.set(document, (errors = checkLiterals(document)));
  const more = errors.length < MAX_REPORTED ? checkVariables(variables, MAX_REPORTED - errors.length) : [];
  if (more.length > 0) return [...errors, ...more];
  return errors.length > 0 ? errors : undefined;
}

function refusal(where: string, problem: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(`${where} must be ${problem}.`, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
}

/** A key of the variables as a path shows it: plain when it is a GraphQL name, quoted (escaped, cut short) when not. */
const label = (key: string) => (/^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(key) ? key : shown(key));

function checkLiterals(document: DocumentNode): readonly GraphQLError[] {
  const errors: GraphQLError[] = [];
  const checkArguments = (args: readonly ArgumentNode[] | undefined, owner: string) => {
    for (const arg of args ?? []) checkLiteral(arg.value, arg.name.value, (path) => `Argument \`${path}\` of \`${owner}\``, errors);
  };
  visit(document, {
    Field: (node) => checkArguments(node.arguments, node.name.value),
    Directive: (node) => checkArguments(node.arguments, `@${node.name.value}`),
    VariableDefinition: (node) => {
      if (node.defaultValue) checkLiteral(node.defaultValue, `$${node.variable.name.value}`, (path) => `The default value \`${path}\``, errors);
    },
  });
  return errors.slice(0, MAX_REPORTED);
}

function checkLiteral(node: ValueNode, path: string, where: (path: string) => string, errors: GraphQLError[]): void {
  if (node.kind === Kind.STRING) {
    const problem = inputStringProblem(node.value);
    if (problem) errors.push(refusal(where(path), problem, node));
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((value, i) => checkLiteral(value, `${path}[${i}]`, where, errors));
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) checkLiteral(field.value, `${path}.${field.name.value}`, where, errors);
  }
}

/** Walks the variables' JSON without recursion, so no nesting depth can overflow the stack. */
function checkVariables(variables: Readonly<Record<string, unknown>>, limit: number): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const pending: [unknown, string][] = Object.entries(variables).map(([name, value]) => [value, `$${label(name)}`]);
  while (pending.length > 0 && errors.length < limit) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      const problem = inputStringProblem(value);
      if (problem) errors.push(refusal(`Variable \`${path}\``, problem));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) pending.push([field, `${path}.${label(key)}`]);
    }
  }
  return errors;
}
