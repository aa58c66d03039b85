import { GraphQLError } from 'graphql';
import { errorFormatter } from '../../src/graphql/errors';

const validation = (message: string) => {
  const error = new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  return [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error] as const;
};
const ignore = () => undefined;

describe('field suggestions in error messages', () => {
  it.each([
    ['Cannot query field "titel" on type "Article". Did you mean "title"?', 'Cannot query field "titel" on type "Article".'],
    ['Unknown argument "frist" on field "Query.articles". Did you mean "first" or "last"?', 'Unknown argument "frist" on field "Query.articles".'],
    ['Value "RSSS" does not exist in "SourceKind" enum. Did you mean the enum value "RSS"?', 'Value "RSSS" does not exist in "SourceKind" enum.'],
    ['Cannot query field "nope" on type "Article".', 'Cannot query field "nope" on type "Article".'],
  ])('are dropped in production: %s', (message, shown) => {
    expect(errorFormatter(ignore, { hideSuggestions: true })(...validation(message)).message).toBe(shown);
  });

  it('are kept elsewhere, where they help whoever writes the query', () => {
    const message = 'Cannot query field "titel" on type "Article". Did you mean "title"?';
    expect(errorFormatter(ignore)(...validation(message)).message).toBe(message);
  });
});
