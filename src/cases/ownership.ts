/** Giving each exception a team: the rule's own, else the first `ownership:` entry that matches it. */
import picomatch from 'picomatch';
import type { Exception } from '../engine/evaluate.js';
import type { OwnershipEntry } from '../rules/sections/ownership.js';

type Owned = Pick<Exception, 'ruleId' | 'mode' | 'carrier' | 'lane'>;

function compile(entry: OwnershipEntry): (exception: Owned) => boolean {
  const oneOf = (values: string[] | undefined, pick: (e: Owned) => string) => {
    if (!values) return undefined;
    const wanted = new Set(values.map((value) => value.toUpperCase()));
    return (exception: Owned) => wanted.has(pick(exception).toUpperCase());
  };
  const glob = (patterns: string[] | undefined, pick: (e: Owned) => string, nocase: boolean) => {
    if (!patterns) return undefined;
    const matchers = patterns.map((pattern) => picomatch(pattern, { nocase }));
    return (exception: Owned) => matchers.some((matches) => matches(pick(exception)));
  };
  const tests = [
    glob(entry.rule, (e) => e.ruleId, false),
    oneOf(entry.mode, (e) => e.mode),
    oneOf(entry.carrier, (e) => e.carrier),
    glob(entry.lane, (e) => e.lane, true),
  ].filter((test) => test !== undefined);
  return (exception) => tests.every((test) => test(exception));
}

/** Exceptions of rules without a team get the owning team, if an entry matches; the rest pass as they are. */
export function assignOwningTeams<T extends Owned & { team?: string }>(exceptions: readonly T[], ownership: readonly OwnershipEntry[]): T[] {
  if (ownership.length === 0) return [...exceptions];
  const owners = ownership.map((entry) => ({ team: entry.team, owns: compile(entry) }));
  return exceptions.map((exception) => {
    if (exception.team) return exception;
    const owner = owners.find((candidate) => candidate.owns(exception));
    return owner ? { ...exception, team: owner.team } : exception;
  });
}
