import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchData, night2InFeedOrder } from '../../src/bench/data.js';
import { tempDir } from '../helpers.js';

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('bench data, night 2 in feed order', () => {
  it('holds the same rows as the generated night, ordered by when each event became known', async () => {
    const data = await benchData(tempDir(), 200, 7);
    const [header, ...asGenerated] = lines(data.eventsNight2);
    const [feedHeader, ...inFeedOrder] = lines(night2InFeedOrder(data));
    expect(feedHeader).toBe(header);
    expect(inFeedOrder.length).toBeGreaterThan(20);
    expect([...inFeedOrder].sort()).toEqual([...asGenerated].sort());
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    const known = inFeedOrder.map((row) => {
      const fields = row.split(',');
      const reported = fields[at('classifier')] === 'estimated' && fields[at('reported_at')];
      return Date.parse(reported || fields[at('event_time')]!);
    });
    expect(known).toEqual([...known].sort((a, b) => a - b));
    // The generator's own order is shipment by shipment, so the feed order is a different one.
    expect(inFeedOrder).not.toEqual(asGenerated);
  });
});
