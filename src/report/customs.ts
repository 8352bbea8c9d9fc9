/**
 * `logex report customs`: customs holds by country/port and carrier, dwell in customs, holds that
 * recur on a lane or for a customer, and the documents behind them.
 */
import type { CaseRecord, DocumentRow } from '../store/report-reads.js';
import type { ShipmentFacts } from './facts.js';
import { column, type Report, type Row } from './model.js';
import { DEFINITIONS, type ReportBuilder, type ReportScope } from './scope.js';
import { countInto, groupBy, hours, joinKey, mean, percent, percentile, round2, splitKey } from './stats.js';

/** A lane or customer with at least this many holds in the window is "recurring". */
export const RECURRING_MIN_HOLDS = 2;

type Held = ShipmentFacts & { customsHold: NonNullable<ShipmentFacts['customsHold']> };

function holdFigures(held: Held[]): Row {
  const dwells = held.flatMap((s) => (s.customsHold.clearedAt === undefined ? [] : [hours(s.customsHold.clearedAt - s.customsHold.at)]));
  return {
    holds: held.length,
    cleared: dwells.length,
    still_held: held.length - dwells.length,
    dwell_mean_h: round2(mean(dwells)),
    dwell_p90_h: round2(percentile(dwells, 90)),
  };
}

function sortedGroups<T>(items: T[], keyOf: (item: T) => string): [string, T[]][] {
  return [...groupBy(items, keyOf)].sort(([a], [b]) => a.localeCompare(b));
}

const portOf = (s: Held) => s.customsHold.location ?? s.destination;

/**
 * Why documents may have held a shipment: a required document whose latest record by the time of the
 * hold is a rejection, or that had no record by then. Every record is kept (received, rejected,
 * received again), so the latest one as of the hold decides, as it does for documents_missing; a
 * record without a time counts as before the hold. Only meaningful when the store has document records.
 */
function documentCauses(held: Held[], documents: DocumentRow[]): { docType: string; cause: string }[] {
  const byShipment = groupBy(documents, (row) => row.shipmentId);
  return held.flatMap((shipment) =>
    shipment.requiredDocs.flatMap((docType) => {
      const latest = (byShipment.get(shipment.shipmentId) ?? [])
        .filter((row) => row.docType === docType && (row.receivedMs === null || row.receivedMs <= shipment.customsHold.at))
        .sort((a, b) => (a.receivedMs ?? -Infinity) - (b.receivedMs ?? -Infinity))
        .at(-1);
      if (!latest) return [{ docType, cause: 'not received by the hold' }];
      return latest.status === 'rejected' ? [{ docType, cause: 'rejected' }] : [];
    }),
  );
}

/** What customs keeps of the period's shipments as they stream by: the held ones, and counts for the rest. */
interface CustomsTally {
  held: Held[];
  shipments: number;
  /** Shipments of the period per lane and per customer, the base of a recurring hold's share. */
  shipmentsBy: { lane: Map<string, number>; customer: Map<string, number> };
  missingDocCases: CaseRecord[];
}

export function customsReport(scope: ReportScope): ReportBuilder {
  const tally: CustomsTally = { held: [], shipments: 0, shipmentsBy: { lane: new Map(), customer: new Map() }, missingDocCases: [] };
  return {
    add(shipment) {
      if (!scope.holds(shipment)) return;
      tally.shipments++;
      if (shipment.customsHold !== undefined) tally.held.push(shipment as Held);
      countInto(tally.shipmentsBy.lane, shipment.lane);
      countInto(tally.shipmentsBy.customer, shipment.customer);
      for (const record of scope.casesOf(shipment.shipmentId)) if (record.kind === 'documents_missing') tally.missingDocCases.push(record);
    },
    build: () => customsFigures(scope, tally),
  };
}

function customsFigures(scope: ReportScope, { held, shipments, shipmentsBy, missingDocCases }: CustomsTally): Report {
  const notes: string[] = [];

  const portRows = sortedGroups(held, portOf).map(([port, group]) => ({ country: port.slice(0, 2), port, ...holdFigures(group) }));
  const carrierRows = sortedGroups(held, (s) => s.carrier).map(([carrier, group]) => ({ carrier, ...holdFigures(group) }));
  const recurringRows: Row[] = (['lane', 'customer'] as const).flatMap((dimension) =>
    sortedGroups(held, (s) => s[dimension])
      .filter(([, group]) => group.length >= RECURRING_MIN_HOLDS)
      .map(([value, group]) => {
        const total = shipmentsBy[dimension].get(value)!;
        return { dimension, value, holds: group.length, shipments: total, held_pct: round2(percent(group.length, total)) };
      }),
  );
  const reasonRows = sortedGroups(held, (s) => s.customsHold.reason ?? '(no reason given)')
    .map(([reason, group]) => ({ reason, holds: group.length }))
    .sort((a, b) => b.holds - a.holds || a.reason.localeCompare(b.reason));

  const causes: { docType: string; cause: string }[] = [];
  const documents = scope.data.documents();
  if (documents.length === 0) {
    notes.push(
      'Documents: the store has no document records (none were given, or documents are not read yet), so holds cannot be checked against missing documents.',
    );
  } else {
    causes.push(...documentCauses(held, documents));
  }
  // A documents_missing case's finding is its document type.
  if (missingDocCases.length === 0) notes.push('No documents_missing cases on these shipments (no such rule ran, or none fired).');
  causes.push(...missingDocCases.map((c) => ({ docType: c.finding || '(unknown)', cause: 'documents_missing case' })));
  const causeRows = sortedGroups(causes, (c) => joinKey(c.docType, c.cause))
    .map(([key, group]) => {
      const [docType, cause] = splitKey(key) as [string, string];
      return { doc_type: docType, cause, count: group.length };
    })
    .sort((a, b) => b.count - a.count || a.doc_type.localeCompare(b.doc_type));

  if (held.length === 0) notes.push('No customs holds on the shipments of the period.');
  const overall = holdFigures(held);
  const holdColumns = [
    column('holds', 'holds', 'count'),
    column('cleared', 'cleared', 'count'),
    column('still_held', 'still held', 'count'),
    column('dwell_mean_h', 'dwell mean h', 'hours'),
    column('dwell_p90_h', 'dwell p90 h', 'hours'),
  ];
  return {
    name: 'customs',
    title: 'Customs holds',
    asOf: scope.asOf,
    window: scope.options.window,
    parameters: {
      ...scope.commonParameters(),
      shipments: String(shipments),
      holds: String(overall.holds),
      dwell_mean_h: String(overall.dwell_mean_h ?? 'n/a'),
      dwell_p90_h: String(overall.dwell_p90_h ?? 'n/a'),
    },
    definitions: [
      DEFINITIONS.period,
      DEFINITIONS.actuals,
      "Hold: a shipment with an actual customs_hold event; counted once, at its first hold. Port: the hold event's location, else the shipment's destination; country: the port's first two letters (UN/LOCODE).",
      'Dwell: the first actual customs_cleared at or after the first hold, minus the hold, in hours. Still held: no such clearance by as-of (left out of the dwell figures).',
      DEFINITIONS.p90.replace('delays', 'dwells'),
      `Recurring: a lane or customer with ${RECURRING_MIN_HOLDS} or more held shipments in the period; held % = held ÷ its shipments in the period.`,
      "Document causes: for held shipments, each required document rejected, or not received by the time of the hold (from the documents table); plus documents_missing cases on the period's shipments, by document type.",
    ],
    notes,
    primarySection: 'by_port',
    sections: [
      {
        id: 'by_port',
        title: 'Holds by country and port',
        columns: [column('country', 'country'), column('port', 'port'), ...holdColumns],
        rows: portRows,
        emptyMessage: 'No customs holds.',
      },
      {
        id: 'by_carrier',
        title: 'Holds by carrier',
        columns: [column('carrier', 'carrier'), ...holdColumns],
        rows: carrierRows,
        emptyMessage: 'No customs holds.',
      },
      {
        id: 'recurring',
        title: `Recurring holds (${RECURRING_MIN_HOLDS}+ on one lane or customer)`,
        columns: [
          column('dimension', 'by'),
          column('value', 'lane / customer'),
          column('holds', 'holds', 'count'),
          column('shipments', 'shipments', 'count'),
          column('held_pct', 'held %', 'pct'),
        ],
        rows: recurringRows,
        emptyMessage: 'No lane or customer was held more than once.',
      },
      {
        id: 'hold_reasons',
        title: 'Hold reasons',
        columns: [column('reason', 'reason'), column('holds', 'holds', 'count')],
        rows: reasonRows,
        emptyMessage: 'No customs holds.',
      },
      {
        id: 'document_causes',
        title: 'Missing-document causes',
        columns: [column('doc_type', 'document'), column('cause', 'cause'), column('count', 'count', 'count')],
        rows: causeRows,
        emptyMessage: 'No missing-document causes found (see the notes for what the store holds).',
      },
    ],
    charts: [],
  };
}
