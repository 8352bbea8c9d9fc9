/**
 * What a run wrote to the store, page by page: the store before it (a copy) against the store after
 * it, both with their write-ahead log folded in. Each changed page was written twice by the run, to the
 * log and again into the file at the checkpoint, so this is where a nightly run's I/O goes, by table
 * and index (SQLite's dbstat names the b-tree each page belongs to).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface RewrittenPages {
  pageSize: number;
  changed: number;
  total: number;
  /** Per table or index, most changed pages first. */
  byTree: { name: string; changed: number; total: number }[];
}

const CHUNK_PAGES = 2048;

export function rewrittenPages(before: string, after: string): RewrittenPages {
  const store = new Database(after, { readonly: true });
  try {
    const pageSize = store.pragma('page_size', { simple: true }) as number;
    const changed = changedPages(before, after, pageSize);
    const trees = new Map<string, { changed: number; total: number }>();
    let total = 0;
    for (const { name, pageno } of store.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>) {
      total++;
      const tree = trees.get(name) ?? { changed: 0, total: 0 };
      tree.total++;
      if (changed.has(pageno)) tree.changed++;
      trees.set(name, tree);
    }
    const byTree = [...trees]
      .map(([name, counts]) => ({ name: readableName(name), ...counts }))
      .filter((tree) => tree.changed > 0)
      .sort((a, b) => b.changed - a.changed);
    return { pageSize, changed: changed.size, total, byTree };
  } finally {
    store.close();
  }
}

export interface StoreBreakdown {
  /** The database file's pages, in bytes (the write-ahead log folded in first). */
  bytes: number;
  /** Per table and index, largest first; rows: the entries of a table or index (cells of its leaf pages). */
  byTree: { name: string; bytes: number; rows: number }[];
}

/** Where a store's bytes are, per table and index (SQLite's dbstat), as the bench reports it. */
export function storeBreakdown(path: string): StoreBreakdown {
  const store = new Database(path);
  try {
    store.pragma('wal_checkpoint(TRUNCATE)');
    // A rowid table keeps its rows in its leaf pages only; an index (or a WITHOUT ROWID table) has
    // entries in its interior pages too.
    const rowidTables = new Set(
      store.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%WITHOUT ROWID%'`).pluck().all() as string[],
    ).add('sqlite_schema');
    const rows = (
      store
        .prepare(
          `SELECT name, sum(pgsize) AS bytes, sum(CASE WHEN pagetype = 'leaf' THEN ncell ELSE 0 END) AS leafCells,
                    sum(CASE WHEN pagetype = 'internal' THEN ncell ELSE 0 END) AS interiorCells FROM dbstat GROUP BY name ORDER BY bytes DESC`,
        )
        .all() as { name: string; bytes: number; leafCells: number; interiorCells: number }[]
    ).map(({ name, bytes, leafCells, interiorCells }) => ({ name, bytes, rows: leafCells + (rowidTables.has(name) ? 0 : interiorCells) }));
    const pageCount = store.pragma('page_count', { simple: true }) as number;
    const pageSize = store.pragma('page_size', { simple: true }) as number;
    return { bytes: pageCount * pageSize, byTree: rows.map((row) => ({ ...row, name: readableName(row.name) })) };
  } finally {
    store.close();
  }
}

/** SQLite names a UNIQUE constraint's index sqlite_autoindex_<table>_<n>. */
function readableName(tree: string): string {
  const unique = /^sqlite_autoindex_(.+)_\d+$/.exec(tree);
  return unique ? `${unique[1]} (unique key)` : tree;
}

/** Page numbers (1-based, as SQLite counts them) that differ, or exist only after. */
function changedPages(before: string, after: string, pageSize: number): Set<number> {
  const [oldFile, newFile] = [openSync(before, 'r'), openSync(after, 'r')];
  try {
    const chunk = pageSize * CHUNK_PAGES;
    const [oldBytes, newBytes] = [Buffer.alloc(chunk), Buffer.alloc(chunk)];
    const oldSize = fstatSync(oldFile).size;
    const newSize = fstatSync(newFile).size;
    const changed = new Set<number>();
    for (let offset = 0; offset < newSize; offset += chunk) {
      const newRead = readSync(newFile, newBytes, 0, chunk, offset);
      const oldRead = offset < oldSize ? readSync(oldFile, oldBytes, 0, chunk, offset) : 0;
      for (let at = 0; at < newRead; at += pageSize) {
        if (at >= oldRead || oldBytes.compare(newBytes, at, at + pageSize, at, at + pageSize) !== 0) changed.add((offset + at) / pageSize + 1);
      }
    }
    return changed;
  } finally {
    closeSync(oldFile);
    closeSync(newFile);
  }
}
