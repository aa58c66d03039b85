import { serverAudits } from 'graphql-http';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** The GraphQL-over-HTTP specification's audit suite, as shipped by graphql-http, run against the real server. */
describe('GraphQL over HTTP audit', () => {
  const audits = serverAudits({ url: () => app.url, fetchFn: fetch });

  it('has the 61 audits this server passes', () => {
    expect(audits).toHaveLength(61);
  });

  // Every audit, MAY and SHOULD ones included: GET works without a preflight header, and a client that accepts
  // only application/json gets 200 with the errors of a document that does not parse or validate.
  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') throw new Error(`${result.reason}\n${JSON.stringify(result.response ?? '', null, 2)}`);
  });
});
