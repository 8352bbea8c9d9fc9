/**
 * The events.refs column: an event's references as one flat JSON array of kind, value, kind, value…
 * (["bol","HLCU100952"]), about half the bytes of an array of {kind, value} objects (issue 20).
 */
import type { Reference } from '../model/records.js';

export function encodeRefs(refs: readonly Reference[]): string {
  const flat: string[] = [];
  for (const ref of refs) flat.push(ref.kind, ref.value);
  return JSON.stringify(flat);
}

export function decodeRefs(column: string): Reference[] {
  const flat = JSON.parse(column) as string[];
  const refs: Reference[] = [];
  for (let at = 0; at < flat.length; at += 2) refs.push({ kind: flat[at]!, value: flat[at + 1]! });
  return refs;
}
