import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rewrittenPages, storeBreakdown } from '../../src/bench/pages.js';

function store(path: string): Database.Database {
  const db = new Database(path);
  db.exec(`CREATE TABLE parcels (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, note TEXT);
           CREATE TABLE depots (id INTEGER PRIMARY KEY, name TEXT)`);
  const insert = db.prepare('INSERT INTO parcels (code, note) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(`P${String(i).padStart(6, '0')}`, 'x'.repeat(40));
  })();
  db.prepare("INSERT INTO depots (name) VALUES ('Rotterdam')").run();
  return db;
}

describe('bench --pages: what a run rewrote, by table and index', () => {
  it('names the trees whose pages changed, and only those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logex-pages-'));
    const [before, after] = [join(dir, 'before.db'), join(dir, 'after.db')];
    store(before).close();
    copyFileSync(before, after);
    const db = new Database(after);
    db.prepare("UPDATE parcels SET note = 'moved' WHERE id = 2500").run();
    db.prepare("INSERT INTO parcels (code, note) VALUES ('P999999', 'new')").run();
    db.close();

    const pages = rewrittenPages(before, after);
    const changed = Object.fromEntries(pages.byTree.map((tree) => [tree.name, tree.changed]));
    expect(changed['depots']).toBeUndefined();
    expect(changed['parcels']).toBeGreaterThanOrEqual(2);
    expect(changed['parcels (unique key)']).toBeGreaterThanOrEqual(1);
    expect(pages.changed).toBeLessThan(pages.total / 2);
  });

  it('finds nothing rewritten in an unchanged copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logex-pages-'));
    const [before, after] = [join(dir, 'before.db'), join(dir, 'after.db')];
    store(before).close();
    copyFileSync(before, after);
    expect(rewrittenPages(before, after)).toMatchObject({ changed: 0, byTree: [] });
  });
});

describe('bench: the store per table and index', () => {
  it("counts each tree's entries and bytes, the file's pages in all", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'logex-pages-')), 'store.db');
    store(path).close();
    const breakdown = storeBreakdown(path);
    const trees = Object.fromEntries(breakdown.byTree.map((tree) => [tree.name, tree]));
    // 5,000 parcels, each in the table and in its code's unique index; one depot.
    expect(trees['parcels']!.rows).toBe(5000);
    expect(trees['parcels (unique key)']!.rows).toBe(5000);
    expect(trees['depots']!.rows).toBe(1);
    expect(breakdown.byTree[0]!.name).toBe('parcels');
    expect(breakdown.byTree.reduce((sum, tree) => sum + tree.bytes, 0)).toBe(breakdown.bytes);
  });
});
