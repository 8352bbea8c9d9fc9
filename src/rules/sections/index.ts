/** Every configuration section besides `rules:`, sorted by key. An unknown top-level key is an error. */
import { casesSection } from './cases.js';
import { channelsSection } from './channels.js';
import { notificationsSection } from './notifications.js';
import { ownershipSection } from './ownership.js';
import { rootCausesSection } from './root-causes.js';
import type { ConfigSection } from './section.js';
import { scoringSection } from './scoring.js';
import { slasSection } from './slas.js';
import { teamsSection } from './teams.js';

export const CONFIG_SECTIONS: readonly ConfigSection<any>[] = [
  casesSection,
  channelsSection,
  notificationsSection,
  ownershipSection,
  rootCausesSection,
  scoringSection,
  slasSection,
  teamsSection,
];
