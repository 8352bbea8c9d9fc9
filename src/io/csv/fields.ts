/** Field-level parsing shared by the canonical CSV readers: each returns a value or a message. */
import type { Reference } from '../../model/records.js';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** `bol:MAEU100;container:HLXU1234567` → references. A part without a kind is an error. */
export function parseRefs(text: string): FieldResult<Reference[]> {
  const refs: Reference[] = [];
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const colon = trimmed.indexOf(':');
    if (colon <= 0 || colon === trimmed.length - 1) {
      return { ok: false, error: `"${trimmed}" is not a kind:value reference (e.g. bol:MAEU100)` };
    }
    refs.push(makeRef(trimmed.slice(0, colon), trimmed.slice(colon + 1)));
  }
  return { ok: true, value: refs };
}

/** References are matched on kind and value; case and surrounding spaces never matter. */
export function makeRef(kind: string, value: string): Reference {
  return { kind: kind.trim().toLowerCase(), value: value.trim().toUpperCase() };
}

export function parseList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export function parseNumber(text: string): FieldResult<number | undefined> {
  if (text === '') return { ok: true, value: undefined };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, error: `"${text}" is not a number (use a dot as decimal separator)` };
  return { ok: true, value };
}

export function parseEnum<T extends string>(text: string, allowed: readonly T[], fallback?: T): FieldResult<T> {
  const normalised = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (normalised === '' && fallback !== undefined) return { ok: true, value: fallback };
  if ((allowed as readonly string[]).includes(normalised)) return { ok: true, value: normalised as T };
  return { ok: false, error: `"${text}" is not one of ${allowed.join(', ')}` };
}
