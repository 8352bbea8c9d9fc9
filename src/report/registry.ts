/** The analytics reports by name, with the default window length each is read over, and how a set of them is built. */
import type { ProgressSink } from '../pipeline/stages.js';
import type { Db } from '../store/database.js';
import { carriersReport } from './carriers.js';
import { customsReport } from './customs.js';
import { loadReportData, readReportShipments } from './dataset.js';
import { etaReport, type EtaSettings } from './eta.js';
import { exceptionsReport } from './exceptions.js';
import type { Report } from './model.js';
import { rootCausesReport } from './root-causes.js';
import { routesReport, type RoutesSettings } from './routes.js';
import { previousWindow, ReportScope, type ReportBuilder, type ReportFilters, type ReportWindow, type Tolerances } from './scope.js';
import { seasonalReport } from './seasonal.js';

export interface ReportSettings {
  routes: RoutesSettings;
  eta: EtaSettings;
}

export interface ReportDefinition {
  name: string;
  description: string;
  /** `--from` defaults to this many days before `--to`. */
  defaultDays: number;
  /** The periods whose shipments (with their events) the report reads, for its window; none for case reports. */
  shipmentWindows(window: ReportWindow): ReportWindow[];
  start(scope: ReportScope, settings: ReportSettings): ReportBuilder;
}

const theWindow = (window: ReportWindow) => [window];

/** A report of cases only: it reads no shipments. */
function ofCases(build: (scope: ReportScope) => Report): Pick<ReportDefinition, 'shipmentWindows' | 'start'> {
  return { shipmentWindows: () => [], start: (scope) => ({ add: () => {}, build: () => build(scope) }) };
}

/**
 * Four weeks for the operational reports; a year where the point is patterns over time; a quarter for
 * ETA reliability, since an ocean voyage takes weeks and a shipment counts when its milestone happened.
 */
export const REPORTS: readonly ReportDefinition[] = [
  { name: 'exceptions', description: 'open and recent cases by severity, team, kind and age; top risk first', defaultDays: 28, ...ofCases(exceptionsReport) },
  {
    name: 'carriers',
    description: 'carrier scorecard: on-time %, OTIF, delay, transit vs plan, exceptions, change vs the previous period',
    defaultDays: 28,
    shipmentWindows: (window) => [window, previousWindow(window)],
    start: (scope) => carriersReport(scope),
  },
  {
    name: 'routes',
    description: 'lanes by risk: late %, exceptions per 100 shipments, mean delay; lanes above a threshold flagged',
    defaultDays: 28,
    shipmentWindows: theWindow,
    start: (scope, settings) => routesReport(scope, settings.routes),
  },
  {
    name: 'customs',
    description: 'customs holds by port and carrier, dwell, recurring holds, missing-document causes',
    defaultDays: 28,
    shipmentWindows: theWindow,
    start: (scope) => customsReport(scope),
  },
  {
    name: 'eta',
    description: 'carrier ETA reliability: estimate error by horizon, last-estimate error, how early delays were announced',
    defaultDays: 91,
    shipmentWindows: theWindow,
    start: (scope, settings) => etaReport(scope, settings.eta),
  },
  {
    name: 'seasonal',
    description: 'exception rate and late % by ISO week, month, weekday; bottleneck weeks; lane × week',
    defaultDays: 364,
    shipmentWindows: theWindow,
    start: (scope) => seasonalReport(scope),
  },
  { name: 'root-causes', description: 'resolved cases by root cause (Pareto) and time to resolve per team', defaultDays: 364, ...ofCases(rootCausesReport) },
];

export interface ReportRequest {
  definition: ReportDefinition;
  window: ReportWindow;
}

/** Builds the reports in one pass over the store's shipments, each report over its own window. */
export function buildReports(
  db: Db,
  asOf: number,
  requests: readonly ReportRequest[],
  options: { filters: ReportFilters; tolerances: Tolerances; settings: ReportSettings; onProgress?: ProgressSink },
): Report[] {
  const shipmentWindows = requests.flatMap(({ definition, window }) => definition.shipmentWindows(window));
  const data = loadReportData(db, asOf, shipmentWindows);
  const builders = requests.map(({ definition, window }) =>
    definition.start(new ReportScope(data, { window, filters: options.filters, tolerances: options.tolerances }), options.settings),
  );
  readReportShipments(
    db,
    asOf,
    shipmentWindows,
    (shipment) => {
      for (const builder of builders) builder.add(shipment);
    },
    options.onProgress,
  );
  return builders.map((builder) => builder.build());
}
