/**
 * Which mapping profile reads a CSV input, if any: the first profile (in file order) whose `files`
 * globs match the path; else the first one without globs whose columns are all in the file's header.
 * A file no profile claims is read as canonical CSV, so canonical files and mapped exports can be
 * passed side by side.
 */
import { createRequire } from 'node:module';
import picomatch from 'picomatch';
import type { MappingProfile, ProfileRecords } from './profile.js';
import { requiredSourceColumns } from './reader.js';

const require = createRequire(import.meta.url);
/** csv-parse is loaded on first use, not whenever the CLI starts (most runs never read such a file). */
const csvParse = () => (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse;

export function selectProfile(profiles: readonly MappingProfile[], records: ProfileRecords, path: string, head: Buffer): MappingProfile | undefined {
  const candidates = profiles.filter((profile) => profile.records === records);
  const named = candidates.find((profile) => profile.files.some((glob) => picomatch.isMatch(path, glob, { basename: true })));
  if (named) return named;
  return candidates.find((profile) => {
    if (profile.files.length > 0) return false;
    const header = new Set(headerOf(head, profile));
    return requiredSourceColumns(profile).every((name) => header.has(name));
  });
}

/** The first line of the input read in the profile's encoding and delimiter, lower-cased like csvRows does. */
function headerOf(head: Buffer, profile: MappingProfile): string[] {
  const text = profile.encoding === 'utf-8' ? head.toString('utf8') : new TextDecoder(profile.encoding).decode(head);
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  try {
    const [columns = []] = csvParse()(firstLine, { delimiter: profile.delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    return columns.map((name) => name.trim().toLowerCase());
  } catch {
    // Not this profile's dialect: the profile does not apply.
    return [];
  }
}
