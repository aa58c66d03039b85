import { AttributionInput, detectAttribution } from '../../../src/ingest/extract/attribution';

const story = (lead: string, ...rest: string[]) => [lead, 'The second paragraph says more.', 'A third one adds detail.', ...rest].join('\n\n');

function detect(overrides: Partial<AttributionInput>): string | null {
  return detectAttribution({ bodyText: null, pickedText: null, author: null, statedSource: null, ownNames: [], pageUrl: 'https://news.example.com/a', ...overrides });
}

describe('detectAttribution', () => {
  it.each([
    ['"informs via" in the lead', story('The EU is preparing new measures, European Pravda informs via POLITICO.'), 'POLITICO'],
    ['"reports via" with a multi-word name', story('Prices rose again, the ministry reports via The Financial Times, citing officials.'), 'The Financial Times'],
    ['"via" an agency ending a sentence', story('Talks resumed on Monday (via Reuters).'), 'Reuters'],
    ['"via" an acronym ending the lead', story('The plant was shut down overnight, via BBC.'), 'BBC'],
    ['a dateline credit', story('WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.'), 'AP'],
    ['a French agency dateline', story('PARIS (AFP) - Strikes disrupted trains across France.'), 'AFP'],
    ['a dateline without a place', story('(Reuters) - Oil prices rose on Tuesday.'), 'Reuters'],
    ['an agency closing the story', story('A long lead paragraph about the economy.', 'The ministry did not comment. (AFP)'), 'AFP'],
    ['"Source:" as the last line', story('A long lead paragraph about the economy.', 'Source: AP'), 'AP'],
    ['a copyright line closing the story', story('A long lead paragraph about the economy.', 'Copyright 2019 The Associated Press. All rights reserved.'), 'The Associated Press'],
  ])('finds %s', (_case, bodyText, expected) => {
    expect(detect({ bodyText })).toBe(expected);
  });

  it.each([
    ['a platform after "via"', story('The minister announced it via Twitter.')],
    ['a photo library after "via"', story('The photo was shared via Getty Images.')],
    ['an ordinary name after "via" without a reporting verb', story('They drove to Boston via Springfield.')],
    ['"according to" (a citation, not a credit)', story('According to Reuters, the deal is off.')],
    ['a party label in parentheses', story('Sen. Jane Doe (D) said the vote would pass.')],
    ['a credit in the middle of a long story', ['Lead.', 'Second.', 'Third.', 'Fourth via POLITICO.', 'Fifth.', 'Sixth.', 'Seventh.', 'Eighth.'].join('\n\n')],
    ['no text at all', null],
  ])('ignores %s', (_case, bodyText) => {
    expect(detect({ bodyText })).toBeNull();
  });

  it('never credits the page itself', () => {
    expect(detect({ bodyText: story('Our reporters write via Example News.'), ownNames: ['Example News'] })).toBeNull();
    expect(detect({ statedSource: 'https://news.example.com/original', bodyText: story('Plain lead.') })).toBeNull();
  });

  it('takes a stated source organization from structured data first', () => {
    expect(detect({ statedSource: 'Reuters', bodyText: story('WASHINGTON (AP) — Lead.') })).toBe('Reuters');
  });

  it('falls back to the host of a stated source URL', () => {
    expect(detect({ statedSource: 'https://www.politico.eu/article/x', bodyText: story('Plain lead.') })).toBe('politico.eu');
  });

  it('prefers a credit in the text to a stated source URL', () => {
    expect(detect({ statedSource: 'https://www.politico.eu/article/x', bodyText: story('It is coming, European Pravda informs via POLITICO.') })).toBe('POLITICO');
  });

  it('reads the closing lines before boilerplate removal', () => {
    expect(detect({ bodyText: story('Plain lead.'), pickedText: story('Plain lead.', 'Source: Reuters') })).toBe('Reuters');
  });

  it.each([
    ['The Associated Press', 'Associated Press'],
    ['ROBERT BURNS, AP National Security Writer', 'AP'],
    ['PTI', 'PTI'],
    ['Jane Apple', null],
    ['John Smith, Pittsburgh, PA', null],
  ])('credits a wire agency in the byline "%s"', (author, expected) => {
    expect(detect({ author, bodyText: story('Plain lead.') })).toBe(expected);
  });
});
