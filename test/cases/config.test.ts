/** The case configuration beside the rules: ownership, root causes, requirements, as `rules check` sees them. */
import { describe, expect, it } from 'vitest';
import { assignOwningTeams } from '../../src/cases/ownership.js';
import { formatDiagnostic } from '../../src/io/diagnostics.js';
import { loadRuleText, loadRuleTexts } from '../../src/rules/load.js';
import { ownershipSection } from '../../src/rules/sections/ownership.js';
import { sectionValue } from '../../src/rules/sections/section.js';

const check = (yaml: string) => loadRuleText(yaml, 'config.yaml').diagnostics.map(formatDiagnostic);

const OWNERSHIP = `version: 1
rules:
  - id: arrival-late
    check: { kind: milestone_late, milestone: arrived }
    tolerance: 4h
    severity: medium
  - id: departure-late
    check: { kind: milestone_late, milestone: departed }
    tolerance: 4h
    severity: high
  - id: customs-dwell
    check: { kind: milestone_late, milestone: customs_cleared }
    tolerance: 1d
    severity: high
    team: customs-desk
teams:
  - name: ocean-desk
  - name: customer-care
  - name: road-desk
  - name: customs-desk
ownership:
  - { rule: "arrival-*", lane: "US*>US*", team: road-desk }
  - { rule: "arrival-*", team: customer-care }
  - { mode: [ocean, rail], team: ocean-desk }
`;

describe('ownership', () => {
  const ownership = sectionValue(loadRuleText(OWNERSHIP, 'config.yaml').sections, ownershipSection);
  const found = (ruleId: string, mode: string, lane: string, team?: string) => ({ ruleId, mode, carrier: 'MAEU', lane, team });

  it('gives cases of rules without a team the first matching entry’s team; a rule’s own team wins', () => {
    expect(check(OWNERSHIP)).toEqual([]);
    const teams = assignOwningTeams(
      [
        found('arrival-late', 'road', 'USATL>USCLT'),
        found('arrival-late', 'ocean', 'CNSHA>USLAX'),
        found('departure-late', 'OCEAN', 'CNSHA>USLAX'),
        found('departure-late', 'air', 'USMEM>GBLHR'),
        found('customs-dwell', 'ocean', 'CNSHA>USLAX', 'customs-desk'),
      ],
      ownership,
    ).map((exception) => exception.team);
    expect(teams).toEqual(['road-desk', 'customer-care', 'ocean-desk', undefined, 'customs-desk']);
  });

  it('rules check: an unknown team is an error with a suggestion; a rule pattern that matches nothing a warning', () => {
    const broken = OWNERSHIP.replace('team: customer-care }', 'team: customer-cares }').replace('rule: "arrival-*", lane', 'rule: "arival-late", lane');
    expect(check(broken)).toEqual([
      'config.yaml:22:13 warning unknown-rule ownership: rule "arival-late" matches no rule; did you mean "arrival-late"?',
      'config.yaml:23:32 error unknown-team ownership: team "customer-cares" is not defined; did you mean "customer-care"?',
    ]);
    expect(check(OWNERSHIP.replace('{ mode: [ocean, rail]', '{ rule: customs-dwell, mode: [ocean, rail]'))).toEqual([
      'config.yaml:24:13 warning ownership-unused ownership: every rule matching "customs-dwell" names its own team, which wins over ownership',
    ]);
  });
});

describe('root causes and requirements in rules check', () => {
  it('a category defined twice or a cause listed twice is an error at its position', () => {
    const yaml = 'version: 1\nroot_causes:\n  carrier: [capacity, capacity]\n  customs: [hold]\n';
    expect(check(yaml)).toEqual(['config.yaml:3:23 error duplicate-root-cause root_causes.carrier: "capacity" is listed twice']);
    const twice = loadRuleTexts([
      { text: 'version: 1\nroot_causes:\n  carrier: [capacity]\n', file: 'a.yaml' },
      { text: 'version: 1\nroot_causes:\n  Carrier: [rolled]\n', file: 'b.yaml' },
    ]).diagnostics.map(formatDiagnostic);
    expect(twice).toEqual(['b.yaml:3:3 error duplicate-root-cause root_causes: category "Carrier" is already defined at a.yaml:3']);
  });

  it('cases.require knows the statuses and fields, suggesting the near one', () => {
    expect(check('version: 1\ncases:\n  require:\n    resolvd: [root_cause]\n    closed: [outcomes]\n')).toEqual([
      'config.yaml:4:5 error schema cases.require: unknown property "resolvd"; did you mean "resolved"?',
      'config.yaml:5:14 error schema cases.require.closed.0: "outcomes" is unknown; did you mean "outcome"?',
    ]);
  });
});
