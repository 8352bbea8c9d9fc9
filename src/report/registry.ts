/** The analytics reports by name, with the default window length each is read over. */
import { carriersReport } from './carriers.js';
import { customsReport } from './customs.js';
import { exceptionsReport } from './exceptions.js';
import type { Report } from './model.js';
import { rootCausesReport } from './root-causes.js';
import { routesReport, type RoutesSettings } from './routes.js';
import { previousWindow, type ReportScope, type ReportWindow } from './scope.js';
import { seasonalReport } from './seasonal.js';

export interface ReportSettings {
  routes: RoutesSettings;
}

export interface ReportDefinition {
  name: string;
  description: string;
  /** `--from` defaults to this many days before `--to`. */
  defaultDays: number;
  /** The periods whose shipments (with their events) the report reads, for its window; none for case reports. */
  shipmentWindows(window: ReportWindow): ReportWindow[];
  build(scope: ReportScope, settings: ReportSettings): Report;
}

const casesOnly = () => [];
const theWindow = (window: ReportWindow) => [window];

/** Four weeks for the operational reports; a year where the point is patterns over time. */
export const REPORTS: readonly ReportDefinition[] = [
  { name: 'exceptions', description: 'open and recent cases by severity, team, kind and age; top risk first', defaultDays: 28, shipmentWindows: casesOnly, build: (scope) => exceptionsReport(scope) },
  { name: 'carriers', description: 'carrier scorecard: on-time %, OTIF, delay, transit vs plan, exceptions, change vs the previous period', defaultDays: 28, shipmentWindows: (window) => [window, previousWindow(window)], build: (scope) => carriersReport(scope) },
  { name: 'routes', description: 'lanes by risk: late %, exceptions per 100 shipments, mean delay; lanes above a threshold flagged', defaultDays: 28, shipmentWindows: theWindow, build: (scope, settings) => routesReport(scope, settings.routes) },
  { name: 'customs', description: 'customs holds by port and carrier, dwell, recurring holds, missing-document causes', defaultDays: 28, shipmentWindows: theWindow, build: (scope) => customsReport(scope) },
  { name: 'seasonal', description: 'exception rate and late % by ISO week, month, weekday; bottleneck weeks; lane × week', defaultDays: 364, shipmentWindows: theWindow, build: (scope) => seasonalReport(scope) },
  { name: 'root-causes', description: 'resolved cases by root cause (Pareto) and time to resolve per team', defaultDays: 364, shipmentWindows: casesOnly, build: (scope) => rootCausesReport(scope) },
];
