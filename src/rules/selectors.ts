/** `when:` / `unless:` selectors compiled to a predicate over a plan. */
import picomatch from 'picomatch';
import { laneOf, type ShipmentPlan } from '../model/records.js';

export interface SelectorSpec {
  mode?: string | string[];
  carrier?: string | string[];
  customer?: string | string[];
  priority?: string | string[];
  service_level?: string | string[];
  lane?: string | string[];
  origin?: string | string[];
  destination?: string | string[];
}

export type PlanPredicate = (plan: ShipmentPlan) => boolean;

const asList = (value: string | string[] | undefined): string[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

function oneOf(values: string[] | undefined, pick: (plan: ShipmentPlan) => string, caseInsensitive = true): PlanPredicate | undefined {
  if (!values) return undefined;
  const wanted = new Set(values.map((v) => (caseInsensitive ? v.toUpperCase() : v)));
  return (plan) => wanted.has(caseInsensitive ? pick(plan).toUpperCase() : pick(plan));
}

function glob(patterns: string[] | undefined, pick: (plan: ShipmentPlan) => string): PlanPredicate | undefined {
  if (!patterns) return undefined;
  const matchers = patterns.map((pattern) => picomatch(pattern.toUpperCase(), { nocase: true }));
  return (plan) => matchers.some((matches) => matches(pick(plan)));
}

const GLOB_FIELDS = ['lane', 'origin', 'destination'] as const;

/**
 * What is wrong with the glob patterns of a selector, by field and list index: picomatch reads an
 * unclosed `[` or `{` as a literal character and a second `>` as part of a place, so such a rule
 * would load and never match anything.
 */
export function globProblems(spec: SelectorSpec): { field: string; index?: number; message: string }[] {
  return GLOB_FIELDS.flatMap((field) => {
    const value = spec[field];
    if (value === undefined) return [];
    const patterns = Array.isArray(value) ? value : [value];
    return patterns.flatMap((pattern, index) => {
      const message = typeof pattern === 'string' ? globProblem(field, pattern) : undefined;
      return message ? [{ field, index: Array.isArray(value) ? index : undefined, message: `${field} "${pattern}" ${message}` }] : [];
    });
  });
}

const CLOSERS: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

function globProblem(field: (typeof GLOB_FIELDS)[number], pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty: leave the field out to match every shipment';
  const open: string[] = [];
  let separators = 0;
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i]!;
    if (character === '\\') i++;
    else if (character in CLOSERS) open.push(character);
    else if (Object.values(CLOSERS).includes(character)) {
      if (CLOSERS[open.pop() ?? ''] !== character) return `has a "${character}" that closes nothing`;
    } else if (character === '>' && open.length === 0) separators++;
  }
  if (open.length > 0) return `has an unclosed "${open.at(-1)}"`;
  if (field === 'lane' && separators > 1) return `has ${separators} ">": a lane is ORIGIN>DESTINATION, e.g. CN*>US*`;
  if (field !== 'lane' && separators > 0) return 'has a ">": origin and destination are one place each (use lane: for ORIGIN>DESTINATION)';
  return undefined;
}

export function compileSelector(spec: SelectorSpec): PlanPredicate {
  const tests = [
    oneOf(asList(spec.mode), (p) => p.mode),
    oneOf(asList(spec.carrier), (p) => p.carrier),
    oneOf(asList(spec.customer), (p) => p.customer),
    oneOf(asList(spec.priority), (p) => p.priority),
    oneOf(asList(spec.service_level), (p) => p.serviceLevel),
    glob(asList(spec.lane), laneOf),
    glob(asList(spec.origin), (p) => p.origin),
    glob(asList(spec.destination), (p) => p.destination),
  ].filter((test): test is PlanPredicate => test !== undefined);
  return (plan) => tests.every((test) => test(plan));
}
