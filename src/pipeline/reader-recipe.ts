/**
 * What reading inputs needs, as plain data: the zone, the location files and the mapping. The reader
 * options hold functions (zone lookups, code resolution) that cannot cross to a worker thread, so the
 * parse worker (./parse-thread.ts) rebuilds them from this, as the main thread does.
 */
import type { EventFormat } from '../io/detect.js';
import { readLocationsCsv } from '../io/locations-file.js';
import type { Mapping } from '../io/mapping/profile.js';
import { CODE_TABLES } from '../model/codes/index.js';
import { CodeResolver } from '../model/codes/resolver.js';
import { LocationTable } from '../model/locations.js';
import type { IngestOptions } from './ingest.js';

export interface ReaderRecipe {
  /** IANA zone for local times with no offset and no known location (`--tz`). */
  zone: string;
  /** Extra `locode,zone` files (`--locations`), already checked by the main thread. */
  locationFiles: readonly string[];
  mapping: Mapping;
  eventFormat?: EventFormat;
}

export function readerOptionsFrom(recipe: ReaderRecipe): IngestOptions {
  const locations = new LocationTable();
  for (const file of recipe.locationFiles) locations.addZones(readLocationsCsv(file));
  return {
    time: locations.timeContext(recipe.zone),
    codes: new CodeResolver(CODE_TABLES, recipe.mapping.codes),
    eventFormat: recipe.eventFormat,
    profiles: recipe.mapping.profiles,
  };
}
