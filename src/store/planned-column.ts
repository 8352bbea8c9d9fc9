/**
 * The shipments.planned column: per milestone a JSON array instead of an object, so the property names
 * are not repeated in every row (issue 20). When the instant and zone write the original text back
 * (time-text.ts), [epochMs, zone] for a time that carried its own offset, [epochMs, zone, zoneSource]
 * for one whose zone came from elsewhere; any other text is kept: [epochMs, text, zone, zoneSource].
 */
import type { ShipmentPlan, TimeValue } from '../model/records.js';
import type { Milestone } from '../model/vocabulary.js';
import { readTimeText, storedTimeText } from './time-text.js';

type StoredTime =
  | [epochMs: number, zone: string]
  | [epochMs: number, zone: string, zoneSource: TimeValue['zoneSource']]
  | [epochMs: number, text: string, zone: string, zoneSource: TimeValue['zoneSource']];

/** SQL for the epoch ms in one stored milestone value (e.g. a json_each value over the column). */
export const plannedEpochMsSql = (value: string): string => `json_extract(${value}, '$[0]')`;

/** SQL for the epoch ms of a named milestone in a planned column; NULL when it is not planned. */
export const plannedMilestoneEpochMsSql = (column: string, milestone: Milestone): string => `json_extract(${column}, '$.${milestone}[0]')`;

export function encodePlanned(planned: ShipmentPlan['planned']): string {
  const stored: Record<string, StoredTime> = {};
  for (const [milestone, time] of Object.entries(planned)) {
    if (storedTimeText(time) !== '') stored[milestone] = [time.epochMs, time.text, time.zone, time.zoneSource];
    else stored[milestone] = time.zoneSource === 'offset' ? [time.epochMs, time.zone] : [time.epochMs, time.zone, time.zoneSource];
  }
  return JSON.stringify(stored);
}

export function decodePlanned(column: string): ShipmentPlan['planned'] {
  const planned: Record<string, TimeValue> = {};
  for (const [milestone, time] of Object.entries(JSON.parse(column) as Record<string, StoredTime>)) {
    if (time.length === 4) {
      const [epochMs, text, zone, zoneSource] = time;
      planned[milestone] = { epochMs, text, zone, zoneSource };
    } else {
      const [epochMs, zone, zoneSource = 'offset'] = time;
      planned[milestone] = { epochMs, text: readTimeText('', epochMs, zone), zone, zoneSource };
    }
  }
  return planned as ShipmentPlan['planned'];
}
