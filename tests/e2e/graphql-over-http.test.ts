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

  it.each(audits.filter((audit) => audit.name.startsWith('MUST')).map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') throw new Error(`${result.reason}\n${JSON.stringify(result.response ?? '', null, 2)}`);
  });
});
