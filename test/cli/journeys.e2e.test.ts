/**
 * The README's four journeys, run as written: each recipe is read out of README.md itself, so a
 * recipe that stops working fails here. `logex` is put on PATH the way `npm install -g .` would,
 * and commands run through a shell, as a user types them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const REPO = resolve('.');
const README = readFileSync('README.md', 'utf8');

/** The first fenced block of `language` after the heading that starts with `heading`. */
function recipe(heading: string, language: string): string {
  const start = README.indexOf(`\n### ${heading}`);
  expect(start, `README has no heading "### ${heading}"`).toBeGreaterThan(0);
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(README.slice(start));
  expect(block, `no ${language} block under "${heading}"`).not.toBeNull();
  return block![1]!;
}

/** Each command of a shell block, without comments. */
function commands(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** A folder with `logex` in it, as a global install leaves one on PATH. */
function installedLogex(): string {
  const bin = join(tempDir('logex-bin-'), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'logex'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'bin', 'logex.js')}" "$@"\n`);
  chmodSync(join(bin, 'logex'), 0o755);
  return bin;
}

function shell(command: string, cwd: string, env: NodeJS.ProcessEnv, program = 'bash') {
  const result = spawnSync(program, ['-c', command], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a user's shell has: logex and node on PATH, nothing from the test runner's environment. */
function userEnv(bin: string): NodeJS.ProcessEnv {
  return { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tempDir('logex-home-'), NO_COLOR: '1' };
}

const PLANS = [
  'shipment_id,carrier,mode,origin,destination,priority,planned_departed,planned_arrived',
  'S1,MAEU,ocean,CNSHA,USLAX,high,2026-05-04T08:00:00Z,2026-05-20T08:00:00Z',
  'S2,HLCU,ocean,DEHAM,USNYC,normal,2026-05-05T08:00:00Z,2026-05-15T08:00:00Z',
].join('\n');
const EVENTS = [
  'shipment_id,status,event_time,location',
  'S1,departed,2026-05-06T10:00:00+08:00,CNSHA',
  'S2,departed,2026-05-05T09:00:00Z,DEHAM',
  'S2,arrived,2026-05-15T06:00:00Z,USNYC',
].join('\n');

describe("the README's journeys, as written", () => {
  it('1. a first audit on your own two CSVs: init, then audit; the late departure is found', () => {
    const home = tempDir('logex-journey1-');
    const env = userEnv(installedLogex());
    const [init, audit] = commands(recipe('1. Your first audit', 'sh'));
    expect(shell(init!.replace(/&& cd .*$/, ''), home, env).code).toBe(0);
    const project = join(home, 'my-logex');
    writeFileSync(join(project, 'plans.csv'), PLANS);
    writeFileSync(join(project, 'events.csv'), EVENTS);
    const result = shell(`${audit} --as-of 2026-05-16T00:00:00Z`, project, env);
    expect(result.stderr).toMatch(/audit run 1 as of 2026-05-16T00:00:00Z/);
    expect(result.code).toBe(1);
    // S1 left Shanghai 2026-05-06 02:00Z, two days after its plan: the starter rules flag it.
    expect(result.stdout).toMatch(/S1 .*departed/);
    expect(result.stdout).not.toMatch(/S2 .*departed/);
  });

  it('2. a one-off check of a carrier file: its places and zones, then its exceptions in a throwaway store', () => {
    const work = tempDir('logex-journey2-');
    const env = userEnv(installedLogex());
    copyFileSync('fixtures/demo/carrier-214.edi', join(work, 'carrier.edi'));
    copyFileSync('fixtures/demo/plans.csv', join(work, 'plans.csv'));
    cpSync('rules', join(work, 'rules'), { recursive: true });
    const [locations, audit] = commands(recipe('2. A one-off check', 'sh'));
    const places = shell(locations!, work, env);
    expect(places.code).toBe(0);
    expect(places.stdout).toMatch(/│ place\s+│ matched\s+│ source\s+│ zone/);
    const store = join(work, 'check.db');
    const check = shell(`${audit!.replace('/tmp/check.db', store)} --as-of 2026-03-20T00:00:00Z`, work, env);
    expect([0, 1]).toContain(check.code);
    expect(check.stderr).toMatch(/events stored/);
    expect(existsSync(store)).toBe(true);
  });

  it('3. the nightly cron job: under a minimal PATH, with an empty inbox, run twice, one backup, one log line per run', () => {
    const root = tempDir('logex-journey3-');
    const bin = installedLogex();
    for (const folder of ['exports', 'inbox', 'rejects', 'backups', 'log']) mkdirSync(join(root, folder));
    cpSync('rules', join(root, 'rules'), { recursive: true });
    // The script names its files by `date`: a fixed night, so the test cannot straddle midnight.
    const today = '2026-05-16';
    const clock = tempDir('logex-clock-');
    writeFileSync(join(clock, 'date'), '#!/bin/sh\nexec /bin/date -d "2026-05-16 02:30:00Z" "$@"\n');
    chmodSync(join(clock, 'date'), 0o755);
    copyFileSync('fixtures/demo/plans.csv', join(root, 'exports', `plans-${today}.csv`));
    copyFileSync('fixtures/demo/events.csv', join(root, 'exports', `events-${today}.csv`));
    const script = recipe('3. The nightly audit', 'bash').replaceAll('/srv/logex', root).replace('/usr/local/bin/logex', join(bin, 'logex'));
    writeFileSync(join(root, 'nightly.sh'), script);
    chmodSync(join(root, 'nightly.sh'), 0o755);
    // The crontab's own lines: its PATH (with node's folder, as the recipe says to check) and the job.
    const cron = commands(recipe('3. The nightly audit', 'cron'));
    const job = cron
      .find((line) => !line.startsWith('PATH='))!
      .replace(/^(\S+\s+){5}/, '')
      .replaceAll('/srv/logex', root);
    // cron runs each job with /bin/sh and little else in its environment.
    const cronEnv = { PATH: `${clock}:${dirname(process.execPath)}:/usr/bin:/bin` };
    const first = shell(job, root, cronEnv, 'sh');
    const second = shell(job, root, cronEnv, 'sh');
    // The demo has high exceptions: the first night mails them (exit 1); the re-run has no news (exit 0, silent).
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).not.toBe('');
    expect(second).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(join(root, 'backups'))).toEqual([`logex-${today}.db`]);
    const log = readFileSync(join(root, 'log', 'nightly.log'), 'utf8')
      .trim()
      .split('\n');
    expect(log).toHaveLength(2);
    expect(log[0]).toBe('2026-05-16T02:30:00Z nightly audit exit 1');
    expect(log[1]).toMatch(/ nightly audit exit 0$/);
  });

  it("4. rule files in CI: the job's commands pass on the starter rules and write valid JUnit", () => {
    const home = tempDir('logex-journey4-');
    const env = userEnv(installedLogex());
    expect(shell('logex init .', home, env).code).toBe(0);
    const steps = recipe('4. Rule files in CI', 'yaml')
      .split('\n')
      .map((line) => /^\s*- run: (logex .*)$/.exec(line)?.[1])
      .filter((command): command is string => command !== undefined);
    expect(steps).toHaveLength(2);
    for (const step of steps) {
      const result = shell(step, home, env);
      expect(result.code, `${step}\n${result.stdout}${result.stderr}`).toBe(0);
    }
    for (const report of ['rules-check.xml', 'rules-test.xml']) {
      const xml = readFileSync(join(home, report), 'utf8');
      expect(XMLValidator.validate(xml), report).toBe(true);
      expect(xml).toMatch(/<testsuites[^>]* failures="0"/);
    }
  });
});
