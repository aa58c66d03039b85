import { HeadlineRegister, headlineDigest } from '../../../src/demo/headline-register';

/** A draw function that returns the given headlines in turn, then the last one forever. */
const draws = (...titles: string[]) => () => (titles.length > 1 ? titles.shift()! : titles[0]);

describe('HeadlineRegister', () => {
  it('keeps the first headline a source has not used', () => {
    const register = new HeadlineRegister();
    expect(register.claim(1, draws('Rates rise again', 'Rates fall'))).toBe('Rates rise again');
  });

  it('draws again when the source has used the headline', () => {
    const register = new HeadlineRegister();
    register.claim(1, draws('Rates rise again'));
    expect(register.claim(1, draws('Rates rise again', 'Rates rise again', 'Rates fall'))).toBe('Rates fall');
  });

  it('lets another source use the same headline', () => {
    const register = new HeadlineRegister();
    register.claim(1, draws('Rates rise again'));
    expect(register.claim(2, draws('Rates rise again', 'Rates fall'))).toBe('Rates rise again');
  });

  it('knows the headlines it was given as stored digests, and the fixed ones added', () => {
    const register = new HeadlineRegister([headlineDigest(1, 'Inflation stagniert erneut')]);
    register.add(1, 'Port Averly opens its new harbour bridge');
    expect(register.claim(1, draws('Inflation stagniert erneut', 'Port Averly opens its new harbour bridge', 'Zinsen steigen'))).toBe('Zinsen steigen');
  });

  it('keeps a repeat after twelve draws, when the source has used every headline drawn', () => {
    const register = new HeadlineRegister();
    register.claim(1, draws('Rates rise again'));
    let drawn = 0;
    expect(register.claim(1, () => (drawn++, 'Rates rise again'))).toBe('Rates rise again');
    expect(drawn).toBe(12);
  });
});
