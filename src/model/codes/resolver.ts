/**
 * Carrier code → canonical status. The tables themselves are data (one file per standard in this
 * folder); a trading partner's deviations come from a `--mapping` YAML as overrides keyed by partner
 * id (SCAC, EDI sender id), or `*` for every partner.
 */
import type { Classifier, Milestone, Mode, Status } from '../vocabulary.js';

export interface CodeMapping {
  status: Status;
  /** Some codes say "estimated" or "appointment" themselves (AT7 AG, AA/AB); most leave it to the message. */
  classifier?: Classifier;
  /** What the code means, for run summaries and `cases show`. */
  label?: string;
  /**
   * Milestones the code's standard meaning also covers, per transport mode of the shipment's plan
   * (X12 214 AF on road: the pickup and the departure from origin). Readers do not know the plan, so
   * the engine applies this where the mode is known (model/implied.ts); see docs/rules.md.
   */
  alsoRecords?: Readonly<Partial<Record<Mode, readonly Milestone[]>>>;
}

export type CodeTable = Readonly<Record<string, CodeMapping>>;

/** table name → partner id (or "*") → code → mapping. */
export type CodeOverrides = Record<string, Record<string, Record<string, CodeMapping>>>;

export interface CodeLookup {
  mapping: CodeMapping;
  /** false when neither the table nor an override knows the code: it is kept as a carrier_exception. */
  known: boolean;
}

export class CodeResolver {
  constructor(
    private readonly tables: Readonly<Record<string, CodeTable>>,
    private readonly overrides: CodeOverrides = {},
  ) {}

  resolve(table: string, code: string, partner?: string): CodeLookup {
    const key = code.trim().toUpperCase();
    const byPartner = this.overrides[table];
    const override = (partner && byPartner?.[partner.trim().toUpperCase()]?.[key]) ?? byPartner?.['*']?.[key];
    if (override) return { mapping: override, known: true };
    const base = this.tables[table]?.[key];
    if (base) return { mapping: base, known: true };
    return { mapping: { status: 'carrier_exception', label: `unknown ${table} code ${key}` }, known: false };
  }
}
