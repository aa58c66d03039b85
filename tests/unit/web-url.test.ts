import { absoluteHttpUrl, readWebUrl, sameSite } from '../../src/domain/web-url';

describe('readWebUrl', () => {
  it.each([
    ['an absolute https URL', 'https://example.com/a', undefined, false, null, 'https://example.com/a'],
    ['an absolute http URL', 'http://example.com/a', undefined, false, null, 'http://example.com/a'],
    ['a relative URL against its base', '../b?x=1', 'https://example.com/a/c/', false, null, 'https://example.com/a/b?x=1'],
    ['a relative URL without a base', '/a', undefined, false, 'unparsable', null],
    ['garbage', 'http://', undefined, false, 'unparsable', null],
    ['a mailto: URL', 'mailto:a@example.com', undefined, false, 'scheme', 'mailto:a@example.com'],
    ['a javascript: URL hidden by a tab', 'java\tscript:alert(1)', 'https://example.com/', false, 'scheme', 'javascript:alert(1)'],
    ['an ftp URL', 'ftp://example.com/f', undefined, false, 'scheme', 'ftp://example.com/f'],
    ['credentials when they are allowed', 'https://u:p@example.com/', undefined, false, null, 'https://u:p@example.com/'],
    ['credentials when they are not', 'https://u:p@example.com/', undefined, true, 'credentials', 'https://u:p@example.com/'],
    ['a user name alone when credentials are not allowed', 'https://u@example.com/', undefined, true, 'credentials', 'https://u@example.com/'],
  ])('%s', (_case, text, base, withoutCredentials, problem, href) => {
    const read = readWebUrl(text, base, { withoutCredentials });
    expect({ problem: read.problem, href: read.url?.href ?? null }).toEqual({ problem, href });
  });
});

describe('absoluteHttpUrl', () => {
  it.each([
    ['a trimmed absolute URL', '  https://example.com/a \n', undefined, 'https://example.com/a'],
    ['a relative URL against its base', 'img/1.jpg', 'https://example.com/news/', 'https://example.com/news/img/1.jpg'],
    ['an empty href', '   ', 'https://example.com/', null],
    ['a missing href', undefined, 'https://example.com/', null],
    ['a mailto: link', 'mailto:a@example.com', 'https://example.com/', null],
    ['a relative URL without a base', 'img/1.jpg', null, null],
  ])('%s', (_case, href, base, expected) => {
    expect(absoluteHttpUrl(href, base)).toBe(expected);
  });
});

describe('sameSite', () => {
  it.each([
    ['https://edition.cnn.com/a', 'https://www.cnn.com/b', true],
    ['https://www.bbc.co.uk/news/1', 'https://bbc.co.uk/x', true],
    ['https://www.bbc.co.uk/news/1', 'https://feeds.bbci.co.uk/x', false],
    ['https://a.github.io/1', 'https://b.github.io/1', false],
    ['https://co.uk/', 'https://other.co.uk/', false],
    ['http://127.0.0.1:4000/a', 'http://127.0.0.1:5000/b', true],
    ['http://127.0.0.1/a', 'http://localhost/a', false],
    ['https://news.example/a', 'https://victim.example/a', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameSite(a, b)).toBe(same);
  });
});
