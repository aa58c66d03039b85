import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let app: TestApp;
let disabled: TestApp;

beforeAll(async () => {
  [app, disabled] = await Promise.all([startTestApp({ ADMIN_TOKEN: TOKEN }), startTestApp()]);
});
afterAll(async () => {
  await app?.close();
  await disabled?.close();
});

const ADD = `mutation($input: AddSourceInput!) { addSource(input: $input) { id name feedUrl kind health { enabled fullText fetchIntervalSeconds } } }`;

describe('mutations need the admin token', () => {
  it('says how to enable them when the server has no ADMIN_TOKEN', async () => {
    const { body } = await disabled.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } }, auth);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(/ADMIN_TOKEN/);
  });

  it('refuses a request without Authorization', async () => {
    const { body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/Authorization: Bearer/) });
  });

  it('refuses a wrong token', async () => {
    const { body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } }, { authorization: 'Bearer not-the-token-at-all' });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'The bearer token is not the admin token.' });
    const { body: list } = await app.graphql('{ sources { totalCount } }');
    expect(list.data.sources.totalCount).toBe(0);
  });
});

describe('managing sources', () => {
  it('adds a source of a given kind without reading it, then changes and removes it', async () => {
    const added = await app.graphql(ADD, { input: { url: 'https://feeds.example/world.xml#top', kind: 'RSS', name: ' World feed ', fetchIntervalMinutes: 30 } }, auth);
    expect(added.body.errors).toBeUndefined();
    const source = added.body.data.addSource;
    expect(source).toMatchObject({ name: 'World feed', feedUrl: 'https://feeds.example/world.xml', kind: 'RSS', health: { enabled: true, fullText: false, fetchIntervalSeconds: 1800 } });

    const updated = await app.graphql(
      `mutation($id: ID!) { updateSource(id: $id, input: { enabled: false, fullText: true, name: "World" }) { name health { enabled fullText } } }`,
      { id: source.id },
      auth,
    );
    expect(updated.body.data.updateSource).toEqual({ name: 'World', health: { enabled: false, fullText: true } });

    const duplicate = await app.graphql(ADD, { input: { url: 'https://feeds.example/world.xml', kind: 'RSS' } }, auth);
    expect(duplicate.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/Already subscribed .* as source/) });

    const removed = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: source.id }, auth);
    expect(removed.body.data.removeSource).toBe(true);
    const again = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: source.id }, auth);
    expect(again.body.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: `No source has the ID ${source.id}.` });
  });

  it.each([
    [{ url: 'not a url', kind: 'RSS' }, /`url` must be an absolute http\(s\) URL/],
    [{ url: 'ftp://feeds.example/a.xml', kind: 'RSS' }, /`url` must use http or https/],
    [{ url: 'https://user:pw@feeds.example/a.xml', kind: 'RSS' }, /must not carry a user name or password/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', fetchIntervalMinutes: 0 }, /`fetchIntervalMinutes` must be a whole number from 1/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', name: '   ' }, /`name` must be 1 to 200 characters/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', language: 'english!' }, /`language` must be a language tag/],
  ])('refuses bad input %p', async (input, message) => {
    const { body } = await app.graphql(ADD, { input }, auth);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(message) });
  });

  it('refuses an unknown kind through GraphQL validation', async () => {
    const { status, body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/c.xml', kind: 'PODCAST' } }, auth);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND when refreshing a source that does not exist', async () => {
    const { body } = await app.graphql(`mutation { refreshSource(id: "${toGlobalId('Source', 4242)}") { status } }`, undefined, auth);
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
