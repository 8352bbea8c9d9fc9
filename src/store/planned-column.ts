/**
 * The shipments.planned column: per milestone a JSON array [epochMs, text, zone, zoneSource] instead of
 * an object, so the property names are not repeated in every row (issue 20). The original text is kept
 * as read; it is not re-derivable when the input wrote it in its own format.
 */
import type { ShipmentPlan, TimeValue } from '../model/records.js';
import type { Milestone } from '../model/vocabulary.js';

type StoredTime = [epochMs: number, text: string, zone: string, zoneSource: TimeValue['zoneSource']];

/** SQL for the epoch ms in one stored milestone value (e.g. a json_each value over the column). */
export const plannedEpochMsSql = (value: string): string => `json_extract(${value}, '$[0]')`;

/** SQL for the epoch ms of a named milestone in a planned column; NULL when it is not planned. */
export const plannedMilestoneEpochMsSql = (column: string, milestone: Milestone): string => `json_extract(${column}, '$.${milestone}[0]')`;

export function encodePlanned(planned: ShipmentPlan['planned']): string {
  const stored: Record<string, StoredTime> = {};
  for (const [milestone, time] of Object.entries(planned)) stored[milestone] = [time.epochMs, time.text, time.zone, time.zoneSource];
  return JSON.stringify(stored);
}

export function decodePlanned(column: string): ShipmentPlan['planned'] {
  const planned: Record<string, TimeValue> = {};
  for (const [milestone, [epochMs, text, zone, zoneSource]] of Object.entries(JSON.parse(column) as Record<string, StoredTime>)) {
    planned[milestone] = { epochMs, text, zone, zoneSource };
  }
  return planned as ShipmentPlan['planned'];
}
