import { canonicalUrl, InvalidUrlError } from '../../src/domain/canonical-url';

describe('canonicalUrl', () => {
  it.each([
    ['an already canonical URL is unchanged', 'https://example.com/news/1', undefined, 'https://example.com/news/1'],
    ['scheme and host are lower-cased', 'HTTPS://WWW.Example.COM/News/A', undefined, 'https://www.example.com/News/A'],
    ['the default https port is dropped', 'https://example.com:443/a', undefined, 'https://example.com/a'],
    ['the default http port is dropped', 'http://example.com:80/a', undefined, 'http://example.com/a'],
    ['another port is kept', 'http://example.com:8080/a', undefined, 'http://example.com:8080/a'],
    ['the fragment is dropped', 'https://example.com/a#comments', undefined, 'https://example.com/a'],
    ['a user name and password are dropped', 'https://user:pw@example.com/a', undefined, 'https://example.com/a'],
    ['a host dressed as a user name is dropped', 'https://www.bbc.co.uk@evil.example/news/1', undefined, 'https://evil.example/news/1'],
    ['an empty path becomes /', 'https://example.com', undefined, 'https://example.com/'],
    ['dot segments are resolved', 'https://example.com/a/../b/./c', undefined, 'https://example.com/b/c'],
    ['utm_* parameters are removed', 'https://example.com/a?utm_source=x&utm_medium=y&UTM_Campaign=z', undefined, 'https://example.com/a'],
    ['click identifiers are removed', 'https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&yclid=5', undefined, 'https://example.com/a'],
    ['mail and social identifiers are removed', 'https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=twsrc', undefined, 'https://example.com/a'],
    ['other parameters keep their order', 'https://example.com/a?b=2&utm_source=x&a=1&c=3', undefined, 'https://example.com/a?b=2&a=1&c=3'],
    ['kept parameters keep their encoding', 'https://example.com/s?q=a+b%20c&x=%C3%A9', undefined, 'https://example.com/s?q=a+b%20c&x=%C3%A9'],
    ['a parameter without a value is kept', 'https://example.com/a?print&utm_source=x', undefined, 'https://example.com/a?print'],
    ['an empty ? is removed', 'https://example.com/a?', undefined, 'https://example.com/a'],
    ['empty pairs are removed', 'https://example.com/a?&&id=7&', undefined, 'https://example.com/a?id=7'],
    ['an IDN host becomes punycode', 'https://Bücher.example/straße', undefined, 'https://xn--bcher-kva.example/stra%C3%9Fe'],
    ['surrounding whitespace is ignored', '  https://example.com/a \n', undefined, 'https://example.com/a'],
    ['a relative URL is resolved against the base', '/news/2?utm_term=t', 'https://Example.com/section/', 'https://example.com/news/2'],
    ['a protocol-relative URL takes the base scheme', '//cdn.example.com/x', 'https://example.com/', 'https://cdn.example.com/x'],
    ['an absolute URL ignores the base', 'http://other.example/x', 'https://example.com/', 'http://other.example/x'],
  ])('%s', (_behaviour, url, base, expected) => {
    expect(canonicalUrl(url, base)).toBe(expected);
  });

  it.each([
    ['a non-http scheme', 'ftp://example.com/file', /scheme "ftp"/],
    ['a javascript: URL', 'javascript:alert(1)', /scheme "javascript"/],
    ['a mailto: URL', 'mailto:a@example.com', /scheme "mailto"/],
    ['a relative URL without a base', '/news/1', /does not parse/],
    ['garbage', 'http://', /does not parse/],
  ])('refuses %s with InvalidUrlError', (_case, url, message) => {
    expect(() => canonicalUrl(url)).toThrow(InvalidUrlError);
    expect(() => canonicalUrl(url)).toThrow(message);
  });

  it('refuses a relative URL against a non-http base', () => {
    expect(() => canonicalUrl('x', 'file:///tmp/')).toThrow(InvalidUrlError);
  });

  it('is idempotent', () => {
    const once = canonicalUrl('HTTPS://Bücher.example:443/a/../b?z=1&utm_source=x#f');
    expect(canonicalUrl(once)).toBe(once);
  });
});
