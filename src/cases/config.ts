/** What the case workflow takes from the configuration files: root causes, teams, required fields. */
import { closestName } from '../model/suggest.js';
import { casesSection, type CaseWorkflow } from '../rules/sections/cases.js';
import { BUILT_IN_ROOT_CAUSES, rootCausesSection, type RootCauseTaxonomy } from '../rules/sections/root-causes.js';
import { sectionValue } from '../rules/sections/section.js';
import { teamsSection } from '../rules/sections/teams.js';

export interface CaseConfig {
  rootCauses: RootCauseTaxonomy;
  /** Defined team names; empty when no file defines teams, and then any team name goes. */
  teams: readonly string[];
  workflow: CaseWorkflow;
}

export function caseConfig(sections: ReadonlyMap<string, unknown>): CaseConfig {
  return {
    rootCauses: sectionValue(sections, rootCausesSection),
    teams: [...sectionValue(sections, teamsSection).keys()],
    workflow: sectionValue(sections, casesSection),
  };
}

export function rootCauseCodes(taxonomy: RootCauseTaxonomy): string[] {
  return [...taxonomy].flatMap(([category, causes]) => causes.map((cause) => `${category}/${cause}`));
}

/** `Carrier / Capacity` as typed is `carrier/capacity` as configured; anything else is refused with a hint. */
export function parseRootCause(text: string, taxonomy: RootCauseTaxonomy): { code: string } | { problem: string } {
  const codes = rootCauseCodes(taxonomy);
  const typed = text.trim().replace(/\s*\/\s*/g, '/');
  const code = codes.find((candidate) => candidate.toLowerCase() === typed.toLowerCase());
  if (code) return { code };
  const where = taxonomy === BUILT_IN_ROOT_CAUSES ? 'the built-in root-cause taxonomy (no root_causes configured)' : 'the configured root_causes';
  if (!typed.includes('/')) {
    const category = [...taxonomy.keys()].find((name) => name.toLowerCase() === typed.toLowerCase());
    const hint = category
      ? `: ${taxonomy
          .get(category)!
          .map((cause) => `${category}/${cause}`)
          .join(', ')}`
      : ` (categories: ${[...taxonomy.keys()].join(', ')})`;
    return { problem: `root cause "${text}" needs a category and a cause, as in ${where}${hint}` };
  }
  const near = closestName(typed, codes);
  return { problem: `root cause "${text}" is not in ${where}${near ? `; did you mean "${near}"?` : ''}` };
}

/** A team name as configured (case-insensitively), or a problem naming the near one. */
export function parseTeam(text: string, teams: readonly string[]): { team: string } | { problem: string } {
  const typed = text.trim();
  if (teams.length === 0) return { team: typed };
  const team = teams.find((candidate) => candidate.toLowerCase() === typed.toLowerCase());
  if (team) return { team };
  const near = closestName(typed, teams);
  return { problem: `team "${text}" is not defined${near ? `; did you mean "${near}"?` : ` (teams: ${teams.join(', ')})`}` };
}
