/**
 * X12 reference numbers (L11 in a 214, N9 in a 315, both qualified by element 128) → canonical refs,
 * the keys that match events to planned shipments.
 */
import type { Reference } from '../../model/records.js';

/** Element 128 qualifiers for the kinds plans use; any other qualifier becomes its own lower-case kind. */
const KIND_BY_QUALIFIER: Readonly<Record<string, string>> = {
  BM: 'bol', // Bill of Lading Number
  BN: 'booking', // Booking Number
  CN: 'pro', // Carrier's Reference Number (PRO/Invoice)
  PO: 'po', // Purchase Order Number
  EQ: 'container', // Equipment Number
  AW: 'awb', // Air Waybill Number
};

/** A reference from a qualifier and value; none when either is blank (e.g. `L11**CI`). */
export function qualifiedReference(qualifier: string, value: string): Reference | undefined {
  if (!qualifier || !value) return undefined;
  return { kind: KIND_BY_QUALIFIER[qualifier.toUpperCase()] ?? qualifier.toLowerCase(), value };
}

/** Refs without repeats (same kind, same value as the store compares it: trimmed, upper-cased). */
export function uniqueReferences(refs: readonly Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.kind}:${ref.value.toUpperCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
