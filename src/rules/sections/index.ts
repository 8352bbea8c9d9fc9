/** Every configuration section besides `rules:`, sorted by key. An unknown top-level key is an error. */
import type { ConfigSection } from './section.js';
import { scoringSection } from './scoring.js';
import { slasSection } from './slas.js';
import { teamsSection } from './teams.js';

export const CONFIG_SECTIONS: readonly ConfigSection<any>[] = [scoringSection, slasSection, teamsSection];
