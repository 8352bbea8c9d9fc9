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

const asList = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

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
