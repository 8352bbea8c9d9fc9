/**
 * A small store written row by row for report tests: every shipment, event, case and history row is
 * spelled out in the test that uses it, so expected figures can be computed by hand from the test.
 */
import { join } from 'node:path';
import { openStore, type Db } from '../../src/store/database.js';
import { RecordWriter } from '../../src/store/records.js';
import type { Milestone, Mode, Status } from '../../src/model/vocabulary.js';
import type { Report } from '../../src/report/model.js';
import { buildReports, REPORTS } from '../../src/report/registry.js';
import { DEFAULT_ETA_SETTINGS, type EtaSettings } from '../../src/report/eta.js';
import { DEFAULT_LANE_THRESHOLD } from '../../src/report/routes.js';
import { DEFAULT_TOLERANCES, type ReportFilters } from '../../src/report/scope.js';
import { at, plan, tempDir } from '../helpers.js';

export interface ShipmentSpec {
  carrier?: string;
  mode?: Mode;
  origin?: string;
  destination?: string;
  customer?: string;
  quantity?: number;
  route?: string[];
  requiredDocs?: string[];
  planned: Partial<Record<Milestone, string>>;
}

export interface CaseSpec {
  shipmentId: string;
  kind?: string;
  rule?: string;
  key?: string;
  status?: string;
  severity?: string;
  score?: number;
  team?: string | null;
  rootCause?: string | null;
  openedAsOf?: string;
  carrier?: string | null;
  lane?: string | null;
  mode?: string | null;
}

export class TestStore {
  readonly path: string;
  readonly db: Db;
  private readonly runId: number;
  private readonly writer: RecordWriter;
  private eventCount = 0;

  constructor(readonly asOf: string) {
    this.path = join(tempDir('logex-report-'), 'store.db');
    this.db = openStore(this.path);
    this.runId = Number(
      this.db.prepare("INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('audit', ?, ?, '[]')").run(asOf, Date.parse(asOf)).lastInsertRowid,
    );
    this.writer = new RecordWriter(this.db, this.runId);
  }

  shipment(shipmentId: string, spec: ShipmentSpec): this {
    this.writer.writePlan(
      plan({
        shipmentId,
        carrier: spec.carrier ?? 'AAAA',
        mode: spec.mode ?? 'road',
        origin: spec.origin ?? 'USATL',
        destination: spec.destination ?? 'USCLT',
        customer: spec.customer ?? 'Contoso',
        quantity: spec.quantity,
        route: spec.route ?? [],
        requiredDocs: spec.requiredDocs ?? [],
        planned: spec.planned,
      }),
    );
    return this;
  }

  /** `eventId` defaults to one of its own; the same id and content again is a re-send. */
  event(
    shipmentId: string,
    status: Status,
    time: string,
    options: { reason?: string; location?: string; classifier?: 'actual' | 'estimated'; reportedAt?: string; eventId?: string } = {},
  ): this {
    this.eventCount++;
    this.writer.writeEvent({
      shipmentId,
      refs: [],
      status,
      time: at(time),
      classifier: options.classifier ?? 'actual',
      reason: options.reason,
      location: options.location,
      reportedAt: options.reportedAt === undefined ? undefined : at(options.reportedAt),
      eventId: options.eventId ?? `E${this.eventCount}`,
      source: { file: 'events.csv', line: this.eventCount + 1 },
    });
    return this;
  }

  /** Inserts a case and returns its id. */
  addCase(spec: CaseSpec): number {
    const kind = spec.kind ?? 'milestone_late';
    const rule = spec.rule ?? kind;
    return Number(
      this.db
        .prepare(
          `INSERT INTO cases (case_key, rule_id, kind, shipment_id, milestone, carrier, lane, mode, status, severity, score, team,
             root_cause, deviation_minutes, message, opened_as_of_ms, opened_run, last_seen_run, updated_at)
           VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
        )
        .run(
          `${rule}|${spec.shipmentId}|${spec.key ?? `k${this.caseCount()}`}`,
          rule,
          kind,
          spec.shipmentId,
          spec.carrier ?? null,
          spec.lane ?? null,
          spec.mode ?? null,
          spec.status ?? 'open',
          spec.severity ?? 'medium',
          spec.score ?? 1,
          spec.team === undefined ? 'desk' : spec.team,
          spec.rootCause ?? null,
          `${kind} on ${spec.shipmentId}`,
          Date.parse(spec.openedAsOf ?? this.asOf),
          this.runId,
          this.runId,
          this.asOf,
        ).lastInsertRowid,
    );
  }

  history(caseId: number, action: string, atIso: string, toValue: string | null = null): this {
    this.db
      .prepare("INSERT INTO case_history (case_id, run_id, at, actor, action, from_value, to_value) VALUES (?, ?, ?, 'tester', ?, NULL, ?)")
      .run(caseId, this.runId, atIso, action, toValue);
    return this;
  }

  document(shipmentId: string, docType: string, status: 'received' | 'rejected', receivedAt: string | null): this {
    this.db
      .prepare(
        `INSERT INTO documents (shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id)
         VALUES (?, ?, ?, ?, ?, 'documents.csv', 2, ?)`,
      )
      .run(shipmentId, docType, status, receivedAt === null ? null : Date.parse(receivedAt), receivedAt, this.runId);
    return this;
  }

  private caseCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

export interface BuildOptions {
  from: string;
  to: string;
  filters?: ReportFilters;
  threshold?: number;
  viaStops?: boolean;
  eta?: EtaSettings;
}

/** Builds one report from the store the way the CLI does, with an explicit window. */
export function buildReport(store: TestStore, name: string, options: BuildOptions): Report {
  const definition = REPORTS.find((r) => r.name === name);
  if (!definition) throw new Error(`no report ${name}`);
  const window = { from: Date.parse(options.from), to: Date.parse(options.to) };
  const [report] = buildReports(store.db, Date.parse(store.asOf), [{ definition, window }], {
    filters: options.filters ?? {},
    tolerances: DEFAULT_TOLERANCES,
    settings: {
      routes: { threshold: options.threshold ?? DEFAULT_LANE_THRESHOLD, viaStops: options.viaStops ?? false },
      eta: options.eta ?? DEFAULT_ETA_SETTINGS,
    },
  });
  return report!;
}

/** A section's rows, for toEqual against hand-written expectations. */
export function rows(report: Report, sectionId: string): Record<string, unknown>[] {
  const section = report.sections.find((s) => s.id === sectionId);
  if (!section) throw new Error(`no section ${sectionId} in ${report.name}`);
  return section.rows;
}
