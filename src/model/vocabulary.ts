/** The canonical vocabulary of DESIGN.md: every reader maps into these, every rule refers to them. */

/** Milestones in the order a shipment normally reaches them (the `sequence` check relies on it). */
export const MILESTONES = ['booked', 'pickup', 'departed', 'arrived', 'customs_cleared', 'out_for_delivery', 'delivered'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const NON_MILESTONE_STATUSES = ['in_transit', 'loaded', 'discharged', 'gate_in', 'gate_out', 'customs_hold', 'carrier_exception'] as const;
export type NonMilestoneStatus = (typeof NON_MILESTONE_STATUSES)[number];

export type Status = Milestone | NonMilestoneStatus;
export const STATUSES: readonly Status[] = [...MILESTONES, ...NON_MILESTONE_STATUSES];

export const MODES = ['ocean', 'air', 'road', 'rail', 'parcel', 'multimodal'] as const;
export type Mode = (typeof MODES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CLASSIFIERS = ['actual', 'estimated', 'planned'] as const;
export type Classifier = (typeof CLASSIFIERS)[number];

/**
 * The check kinds a rule can name (`check: { kind: … }`), sorted; each is a module in
 * src/rules/kinds/, and stored cases and reports name them too.
 */
export const CHECK_KIND_IDS = [
  'carrier_exception',
  'documents_missing',
  'dwell',
  'inventory_below_min',
  'inventory_discrepancy',
  'milestone_late',
  'milestone_overdue',
  'milestone_unreported',
  'no_updates',
  'predicted_late',
  'route_deviation',
  'sequence',
  'transit_time',
  'unmatched_event',
] as const;
export type CheckKindId = (typeof CHECK_KIND_IDS)[number];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}
export function isMilestone(value: string): value is Milestone {
  return (MILESTONES as readonly string[]).includes(value);
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
export function milestoneRank(milestone: Milestone): number {
  return MILESTONES.indexOf(milestone);
}
