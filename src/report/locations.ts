/** What `logex locations` prints: each place a feed names and how its time zone was found. */
import { makeColors } from '../io/colors.js';
import { toCsv } from '../io/csv/write.js';
import type { FormatRegistry } from '../io/output-format.js';
import { datasetVersions } from '../model/zone-data.js';
import type { PlaceRow } from '../pipeline/locations-survey.js';
import { renderTable } from './render/table.js';

/** The places found, and the --tz zone that local times of places with no known zone were read in. */
export interface LocationsOutput {
  places: readonly PlaceRow[];
  tz: string;
}

const TABLE_HEADER = ['place', 'matched', 'source', 'zone', 'events', 'plans', 'local times'];
const CSV_HEADER = ['place', 'matched', 'source', 'zone', 'events', 'plans', 'local_times', 'guessed'];

function table({ places }: LocationsOutput, color: boolean): string {
  if (places.length === 0) return 'no places: the files have no events or plans\n';
  const colors = makeColors(color);
  const rows = places.map((row) => [
    row.place || '(no place)',
    row.matched,
    row.source === 'unknown' ? colors.red('unknown') : row.source,
    row.guessed ? colors.red(`${row.zone} (--tz)`) : row.source === 'unknown' ? '–' : row.zone,
    String(row.events),
    String(row.plans),
    String(row.localTimes),
  ]);
  return `${renderTable(TABLE_HEADER, rows, colors, [4, 5, 6])}\n`;
}

function csvRow(row: PlaceRow): (string | number | boolean)[] {
  return [row.place, row.matched, row.source, row.source === 'unknown' && !row.guessed ? '' : row.zone, row.events, row.plans, row.localTimes, row.guessed];
}

function jsonRow(row: PlaceRow) {
  return {
    place: row.place || null,
    matched: row.matched || null,
    source: row.source,
    zone: row.source === 'unknown' && !row.guessed ? null : row.zone,
    events: row.events,
    plans: row.plans,
    local_times: row.localTimes,
    guessed: row.guessed,
  };
}

export const LOCATIONS_FORMATS: FormatRegistry<LocationsOutput> = [
  { name: 'table', description: 'aligned columns', render: (output, { color }) => table(output, color) },
  {
    name: 'json',
    description: 'the places, with the datasets used',
    render: ({ places, tz }) => `${JSON.stringify({ tz, datasets: datasetVersions(), places: places.map(jsonRow) }, null, 2)}\n`,
  },
  { name: 'csv', description: 'one row per place', render: ({ places }, { csv }) => toCsv(CSV_HEADER, places.map(csvRow), csv) },
];
