import { removeBoilerplate } from '../../../src/ingest/extract/boilerplate';
import { removeMarkedChrome } from '../../../src/ingest/extract/chrome';
import { parsePage } from '../../../src/ingest/extract/dom';
import { nodeToText } from '../../../src/ingest/sanitize';

const STORY = '<p>The council voted on Tuesday to rebuild the old stone bridge over the river after a decade of dispute.</p>';
const MORE = '<p>Engineers said the foundations were in better condition than expected and could carry the new deck.</p>';
const KEPT = 'The council voted on Tuesday to rebuild the old stone bridge over the river after a decade of dispute.\n\n' +
  'Engineers said the foundations were in better condition than expected and could carry the new deck.';

function afterBoilerplate(html: string, section: string | null = null): string {
  const content = parsePage(`<!doctype html><body><div>${html}</div></body>`, 'https://news.example.com/').doc.body.firstElementChild as Element;
  removeBoilerplate(content, section);
  return nodeToText(content);
}

function afterChrome(html: string): string {
  const { doc } = parsePage(`<!doctype html><body>${html}</body>`, 'https://news.example.com/');
  removeMarkedChrome(doc);
  return nodeToText(doc.body);
}

describe('removeBoilerplate', () => {
  it.each([
    ['a "Read also:" link line', `${STORY}<p><strong>Read also:</strong> <a href="/x">EU agrees on new sanctions</a></p>${MORE}`],
    ['a translated "Read also" line', `${STORY}<p>Читайте також: <a href="/x">ЄС погодив новий пакет санкцій</a></p>${MORE}`],
    ['a "Related" heading and the list under it', `${STORY}<h3>Related</h3><ul><li><a href="/1">First other story</a></li><li><a href="/2">Second other story</a></li></ul>${MORE}`],
    ['a "You may also like..." line and the links after it', `${STORY}${MORE}<p>You may also like...</p><p><a href="/1">Who will make the Rock Hall in 2020?</a></p><p><a href="/2">Fans want the band in the Hall</a></p>`],
    ['a "More news from" heading over teaser cards', `${STORY}${MORE}<h2>More News from Sci-Tech</h2><ul>${['Amazon considered face scanning in doorbells', 'A new moon for Neptune', 'Why the sky is blue after all'].map((title, i) => `<li><h2><a href="/${i}">${title}</a></h2></li>`).join('')}</ul>`],
    ['a list of headline links with times (a news line)', `${STORY}${MORE}<ul>${[1, 2, 3, 4, 5].map((i) => `<li><a href="/n/${i}">Headline number ${i} of the day</a> <span>12:2${i} 18.04.2025</span></li>`).join('')}</ul>`],
    ['an "Advertisement" label', `${STORY}<div>Advertisement</div>${MORE}`],
    ['a byline and a timestamp at the top', `<p>By Anna Berg</p><p>Updated 5:27 am CST, Wednesday, November 20, 2019</p>${STORY}${MORE}`],
    ['a standalone <time>', `<time datetime="2024-03-20T16:00:00+04:00">16:00 20.03.2024</time>${STORY}${MORE}`],
    ['a photo caption with its credit', `${STORY}<p>Protesters gathered outside the town hall (Image: GETTY)</p>${MORE}`],
    ['a credit line', `${STORY}<p>Photo: Hau Dinh, AP</p>${MORE}`],
    ['a shouted promo link', `${STORY}<p><a href="/app">CLICK HERE TO GET THE NEWS APP</a></p>${MORE}`],
    ['follow-us and copyright lines at the end', `${STORY}${MORE}<p>Follow Newsbeat on Instagram, Facebook and Twitter.</p><p>Copyright 2019 Example Media. All rights reserved.</p>`],
    ['a closing author note that ends with a follow line', `${STORY}${MORE}<p>Anna Berg's book about old bridges, "Spans" (Riverside Press, 2018), is out now. Follow her on Twitter @annaberg.</p>`],
  ])('removes %s', (_case, html) => {
    expect(afterBoilerplate(html)).toBe(KEPT);
  });

  it('removes the section label repeated above the story', () => {
    expect(afterBoilerplate(`<div>World</div>${STORY}${MORE}`, 'World')).toBe(KEPT);
  });

  it.each([
    ['a sentence that starts like a lead-in', '<p>More than two hundred people attended the meeting, which lasted until midnight.</p>'],
    ['a lead sentence that starts like a byline', '<p>By Monday, the council had voted to rebuild the bridge.</p>'],
    ['a sentence that starts with "Copyright"', '<p>Copyright claims against the site rose sharply last year.</p>'],
    ['a sentence with a date in the lead', '<p>On Nov. 19 the council met for the last time before the vote on the bridge.</p>'],
    ['a linked product heading in a gift guide', '<h3><a href="/p">Logitech MX Master 3 Mouse</a></h3><p>The best mouse we have used this year.</p>'],
    ['a list of links with prices', `<ul>${[1, 2, 3].map((i) => `<li><a href="/d/${i}">Deal number ${i} on headphones</a> for $${i}9 (Reg. $${i}99)</li>`).join('')}</ul>`],
    ['a quoted time inside a sentence', '<p>The vote took place at <time datetime="2024-03-20T16:00">16:00</time> on Wednesday.</p>'],
    ['a table of figures in the lead', '<table><tr><th>Ticker</th><th>Last</th><th>Change</th></tr><tr><td>HD</td><td>225.86</td><td>-12.99</td></tr></table>'],
  ])('keeps %s', (_case, html) => {
    const before = nodeToText(parsePage(`<!doctype html><body><div>${html}</div></body>`, 'https://news.example.com/').doc.body);
    expect(afterBoilerplate(html)).toBe(before);
  });
});

describe('removeMarkedChrome', () => {
  it.each([
    ['navigation, header, footer and aside', `<nav>Home News</nav><header>Site</header><main>${STORY}${MORE}</main><aside>Most read</aside><footer>Contacts</footer>`],
    ['landmark roles', `<div role="navigation">Home</div><div role="complementary">Popular</div><div>${STORY}${MORE}</div>`],
    ['share bars, comments and related boxes by class', `<div class="story">${STORY}<div class="share-bar">Share</div>${MORE}<div id="comments">Great article!</div><div class="relatedLinks">Other</div></div>`],
    ['captions', `<div>${STORY}<figure><img src="a.jpg"><figcaption>A bridge</figcaption></figure>${MORE}</div>`],
  ])('removes %s', (_case, html) => {
    expect(afterChrome(html)).toBe(KEPT);
  });

  it('keeps the container holding the story even when its class names chrome', () => {
    expect(afterChrome(`<div class="widget Blog"><div class="post-body">${STORY}${MORE}</div></div>`)).toBe(KEPT);
  });

  it('keeps an embedded post inside a social wrapper', () => {
    const tweet = '<blockquote class="twitter-tweet"><p>Meth. We are on it.</p></blockquote>';
    expect(afterChrome(`<div>${STORY}<div class="social-embed">${tweet}<span>Share</span></div>${MORE}</div>`)).toBe(
      'The council voted on Tuesday to rebuild the old stone bridge over the river after a decade of dispute.\n\n' +
        'Meth. We are on it.\n\n' +
        'Engineers said the foundations were in better condition than expected and could carry the new deck.',
    );
  });
});
