import { htmlToText } from '../../../src/ingest/sanitize';

describe('htmlToText', () => {
  it.each([
    ['paragraphs are separated by a blank line', '<p>One.</p><p>Two.</p>', 'One.\n\nTwo.'],
    ['headings are paragraphs too', '<h2>Head</h2><p>Text</p>', 'Head\n\nText'],
    ['inline tags do not split words', '<p>in<b>line</b> <i>text</i></p>', 'inline text'],
    ['adjacent blocks do not run together', '<div>alpha</div><div>beta</div>', 'alpha\n\nbeta'],
    ['whitespace is collapsed', '<p>  a \n\t b  </p>', 'a b'],
    ['list items take one line each', '<ul><li>a</li><li>b</li></ul>', 'a\nb'],
    ['table cells are separated by spaces, rows by lines', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\nc'],
    ['a <br> breaks the line', '<p>a<br>b</p>', 'a\nb'],
    ['two <br> make a blank line', '<p>a<br><br>b</p>', 'a\n\nb'],
    ['pre keeps its whitespace', '<pre>a\n  b</pre>', 'a\n  b'],
    ['entities are decoded', '<p>&amp; &lt;tag&gt; &nbsp;x&eacute;</p>', '& <tag> xé'],
    ['scripts and styles say nothing', '<p>a<script>var x</script><style>p{}</style>b</p>', 'ab'],
    ['empty input gives empty text', '', ''],
    ['text without tags is kept', 'just text', 'just text'],
    ['nested blocks give one break', '<div><div><p>a</p></div></div><div><p>b</p></div>', 'a\n\nb'],
  ])('%s', (_case, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});
