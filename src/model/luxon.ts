/**
 * luxon, loaded on its first use: commands that parse or format no local time (`cases list` as a
 * table, `--version`) start without it. Every module takes luxon from here, so one copy of it (its
 * CommonJS build) serves the process.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded: typeof import('luxon') | undefined;

export function luxon(): typeof import('luxon') {
  return (loaded ??= require('luxon') as typeof import('luxon'));
}
