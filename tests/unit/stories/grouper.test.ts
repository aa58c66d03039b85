import { bCubed } from '../../../bench/stories/metric';
import { defaultCorpusFile, loadHeadlines } from '../../../bench/stories/corpus';
import { DEFAULT_GROUPING_OPTIONS, StoryGrouper } from '../../../src/domain/stories/grouper';
import { normalize, termsOf } from '../../../src/domain/stories/terms';

const headlines = loadHeadlines(defaultCorpusFile());
const HOUR = 3_600_000;

/** The story of each headline of the corpus, grouped in time order by a fresh grouper. */
function groupCorpus(): number[] {
  const grouper = new StoryGrouper();
  return headlines.map((headline) => grouper.add(headline).storyId);
}

describe('story grouping on the labelled corpus (tests/corpora/story-clustering)', () => {
  it('reaches the bar of B-cubed F1 0.75 on the real headlines, far above the 0.569 of TF-IDF centroids', () => {
    const scores = bCubed(groupCorpus(), headlines.map((headline) => headline.story));
    expect(scores.f1).toBeGreaterThanOrEqual(0.75);
  });

  it('groups the same headlines into the same stories every time', () => {
    expect(groupCorpus()).toEqual(groupCorpus());
  });
});

describe('StoryGrouper', () => {
  const t0 = Date.UTC(2026, 10, 30, 8);

  it('records why a headline joined: its score against the story, at least the threshold', () => {
    const grouper = new StoryGrouper();
    const first = grouper.add({ title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', publishedAt: t0 });
    const second = grouper.add({ title: 'NSA leaker Snowden says at SXSW he has no regrets', publishedAt: t0 + HOUR });
    expect(first.match).toBeNull();
    expect(second.storyId).toBe(first.storyId);
    expect(second.match).toMatchObject({ storyId: first.storyId });
    expect(second.match!.score).toBeGreaterThanOrEqual(DEFAULT_GROUPING_OPTIONS.scoring.threshold);
    expect(second.match!.score).toBeCloseTo(second.match!.similarity * second.match!.sizeFactor * second.match!.decay, 10);
  });

  it('starts a new story for a headline about something else', () => {
    const grouper = new StoryGrouper();
    const first = grouper.add({ title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', publishedAt: t0 });
    const other = grouper.add({ title: 'Titanfall review roundup: the critics weigh in', publishedAt: t0 + HOUR });
    expect(other.storyId).not.toBe(first.storyId);
    expect(other.match).toBeNull();
  });

  it('does not join a story whose last headline left the 72-hour window', () => {
    const grouper = new StoryGrouper();
    const title = 'Edward Snowden tells SXSW he has no regrets about NSA leaks';
    const first = grouper.add({ title, publishedAt: t0 });
    const late = grouper.add({ title, publishedAt: t0 + 73 * HOUR });
    expect(late.storyId).not.toBe(first.storyId);
  });

  it('reads the lead text when it is known: a bare headline finds its story through the lead', () => {
    const withLead = new StoryGrouper();
    const without = new StoryGrouper();
    const founder = { title: 'Malaysia Airlines flight MH370 missing over South China Sea', publishedAt: t0 };
    const vague = { title: 'Search widens as families wait for news', publishedAt: t0 + HOUR };
    const lead = 'Malaysia Airlines flight MH370 vanished over the South China Sea with 239 people on board.';
    const a = withLead.add(founder);
    expect(withLead.add({ ...vague, lead }).storyId).toBe(a.storyId);
    const b = without.add(founder);
    expect(without.add(vague).storyId).not.toBe(b.storyId);
  });
});

describe('terms', () => {
  it.each([
    ['elections', 'election'],
    ['Companies', 'company'],
    ["Snowden's", 'snowden'],
    ['news', 'news'],
    ['Café', 'cafe'],
    ['1,000', '1000'],
  ])('normalizes %s to %s', (token, term) => {
    expect(normalize(token)).toBe(term);
  });

  it('leaves out function words and keeps each term once', () => {
    expect(termsOf('The Fed and the taper: the Fed says', null).map(({ term }) => term)).toEqual(['fed', 'taper']);
  });
});

describe('bCubed', () => {
  it('gives precision 1 to singletons and recall 1 to one cluster', () => {
    const labels = ['a', 'a', 'b'];
    const singletons = bCubed([1, 2, 3], labels);
    const one = bCubed([1, 1, 1], labels);
    expect([singletons.precision, singletons.recall]).toEqual([1, expect.closeTo(2 / 3, 10)]);
    expect([one.precision, one.recall]).toEqual([expect.closeTo(5 / 9, 10), 1]);
  });
});
