/** The notification configuration a run works with, taken from the merged configuration sections. */
import { channelsSection, type Channel } from '../rules/sections/channels.js';
import { notificationsSection, type RetryPolicy, type Route } from '../rules/sections/notifications.js';
import { sectionValue } from '../rules/sections/section.js';
import { teamsSection, type Team } from '../rules/sections/teams.js';

export interface NotificationSettings {
  routes: readonly Route[];
  channels: ReadonlyMap<string, Channel>;
  teams: ReadonlyMap<string, Team>;
  retry: RetryPolicy;
  /** The command a reader runs to see a case, e.g. `logex cases show 12 --db nightly.db`. */
  showCaseCommand(caseId: number): string;
}

export function notificationSettings(sections: ReadonlyMap<string, unknown>, showCaseCommand: (caseId: number) => string): NotificationSettings {
  const { routes, retry } = sectionValue(sections, notificationsSection);
  return { routes, retry, channels: sectionValue(sections, channelsSection), teams: sectionValue(sections, teamsSection), showCaseCommand };
}
