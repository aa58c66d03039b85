import { pageWindow } from '../../src/domain/page';

describe('pageWindow', () => {
  it('defaults to the first 20', () => {
    expect(pageWindow({})).toEqual({ direction: 'forward', size: 20 });
  });

  it('takes first forward and last backward', () => {
    expect(pageWindow({ first: 5 })).toEqual({ direction: 'forward', size: 5 });
    expect(pageWindow({ last: 7, before: 'x' })).toEqual({ direction: 'backward', size: 7 });
    expect(pageWindow({ before: 'x' })).toEqual({ direction: 'backward', size: 20 });
  });

  it.each([0, -1, 101, 2.5])('refuses a page size of %p', (size) => {
    expect(() => pageWindow({ first: size })).toThrow(new Error(`\`first\` must be an integer from 1 to 100; got ${size}.`));
    expect(() => pageWindow({ last: size })).toThrow(new Error(`\`last\` must be an integer from 1 to 100; got ${size}.`));
  });

  it('accepts the bounds 1 and 100', () => {
    expect(pageWindow({ first: 1 }).size).toBe(1);
    expect(pageWindow({ first: 100 }).size).toBe(100);
  });

  it('refuses first together with last', () => {
    expect(() => pageWindow({ first: 1, last: 1 })).toThrow(new Error('Pass either `first` (with `after`) or `last` (with `before`), not both.'));
  });
});
