/**
 * `logex locations`: the places a feed uses and how each one's time zone was found, read with the
 * same readers and the same location table as an audit, storing nothing. Each place is listed as the
 * file wrote it, with what it matched (a port, a country, an airport…), the zone, and how many events
 * (and plans) are there; places whose local times were read in `--tz` come first.
 */
import type { Mapping } from '../io/mapping/profile.js';
import { CODE_TABLES } from '../model/codes/index.js';
import { CodeResolver } from '../model/codes/resolver.js';
import { readLocationsCsv } from '../io/locations-file.js';
import { LocationTable, placeFromText } from '../model/locations.js';
import type { TimeValue, ZoneSource } from '../model/records.js';
import type { PlaceQuery, ZoneResolution } from '../model/time.js';
import type { EventFormat } from '../io/detect.js';
import { openItems, type IngestOptions, type InputRole } from './read-input.js';

export interface SurveyOptions {
  inputs: { role: Extract<InputRole, 'plans' | 'events'>; path: string }[];
  /** `--tz`: the zone of local times at places without a known zone. */
  zone: string;
  locationFiles: readonly string[];
  mapping: Mapping;
  eventFormat?: EventFormat;
}

export interface PlaceRow {
  /** The place as the file wrote it; "" for events with no place at all. */
  place: string;
  /** What it matched: "CNXGG Xingang", "country NL", "airport ORD (US)"; "" when nothing. */
  matched: string;
  /** How the zone was found (ZoneSource), or `unknown`. */
  source: ZoneSource | 'unknown';
  /** The zone its local times are read in: its own, or `--tz` when unknown. */
  zone: string;
  events: number;
  plans: number;
  /** Times read there without an offset: these depend on the zone. */
  localTimes: number;
  /** Local times were read in `--tz` because the place has no known zone: a guess. */
  guessed: boolean;
}

export interface Survey {
  places: PlaceRow[];
  rowsRejected: number;
}

export async function surveyLocations(options: SurveyOptions): Promise<Survey> {
  const table = new LocationTable();
  for (const file of options.locationFiles) table.addZones(readLocationsCsv(file));
  const placed = new WeakMap<TimeValue, { written: string; resolution: ZoneResolution | undefined }>();
  const time = table.timeContext(options.zone, (value, place, resolution) => {
    placed.set(value, { written: writtenOf(place), resolution });
  });
  const readerOptions: IngestOptions = {
    time,
    codes: new CodeResolver(CODE_TABLES, options.mapping.codes),
    senderZones: options.mapping.senderZones,
    eventFormat: options.eventFormat,
    profiles: options.mapping.profiles,
  };
  const tallies = new Map<string, PlaceRow>();
  const tally = (written: string, resolution: ZoneResolution | undefined): PlaceRow => {
    const key = `${written}\u0000${resolution?.source ?? ''}\u0000${resolution?.zone ?? ''}`;
    let row = tallies.get(key);
    if (!row) {
      row = {
        place: written,
        matched: resolution?.matched ?? '',
        source: resolution?.source ?? 'unknown',
        zone: resolution?.zone ?? options.zone,
        events: 0,
        plans: 0,
        localTimes: 0,
        guessed: false,
      };
      tallies.set(key, row);
    }
    return row;
  };
  const countLocal = (row: PlaceRow, value: TimeValue) => {
    if (value.zoneSource === 'offset') return;
    row.localTimes++;
    if (value.zoneSource === 'default') row.guessed = true;
  };

  let rowsRejected = 0;
  for (const input of options.inputs) {
    const { items } = await openItems(input.path, input.role, readerOptions);
    for await (const item of items) {
      if (item.type === 'reject') {
        rowsRejected++;
      } else if (item.type === 'event') {
        const event = item.record;
        const local = placed.get(event.time);
        const row = local ? tally(local.written, local.resolution) : tally(event.location ?? '', event.location ? table.resolve(event.location) : undefined);
        row.events++;
        countLocal(row, event.time);
      } else if (item.type === 'plan') {
        const plan = item.record;
        const rows = new Set<PlaceRow>();
        for (const value of Object.values(plan.planned)) {
          if (!value) continue;
          const local = placed.get(value);
          if (!local) continue;
          const row = tally(local.written, local.resolution);
          rows.add(row);
          countLocal(row, value);
        }
        for (const place of [plan.origin, plan.destination]) {
          const row = [...rows].find((each) => each.place === place) ?? tally(place, table.resolve(place));
          rows.add(row);
        }
        for (const row of rows) row.plans++;
      }
    }
  }
  const places = [...tallies.values()];
  places.sort((a, b) => rank(a) - rank(b) || b.events + b.plans - (a.events + a.plans) || a.place.localeCompare(b.place));
  return { places, rowsRejected };
}

/** Guessed first (local times read in --tz), then places with no known zone, then the rest. */
function rank(row: PlaceRow): number {
  if (row.guessed) return 0;
  if (row.source === 'unknown') return 1;
  return 2;
}

function writtenOf(place: PlaceQuery | string | undefined): string {
  if (place === undefined) return '';
  return typeof place === 'string' ? placeFromText(place).written : place.written;
}
