import { mapInTurns, TURN_MS } from '../../src/domain/turns';

describe('mapInTurns', () => {
  it('maps in order, calling the work once per item with its index', async () => {
    const calls: [string, number][] = [];
    const got = await mapInTurns(['a', 'b', 'c'], (item, index) => {
      calls.push([item, index]);
      return item.toUpperCase();
    });
    expect(got).toEqual(['A', 'B', 'C']);
    expect(calls).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('lets the event loop answer between turns of long work, not only at the end', async () => {
    // Each item busies the thread for a third of a turn: 30 items are about ten turns.
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 0);
    const ticksSeen: number[] = [];
    try {
      await mapInTurns(Array.from({ length: 30 }, (_, i) => i), () => {
        busy(TURN_MS / 3);
        ticksSeen.push(ticks);
      });
    } finally {
      clearInterval(ticker);
    }
    // Timers ran while the items were worked through: the last item saw ticks the first did not.
    expect(ticksSeen[ticksSeen.length - 1]).toBeGreaterThan(ticksSeen[0]);
  });

  it('answers an empty list at once', async () => {
    expect(await mapInTurns([], () => 1)).toEqual([]);
  });
});
