import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findingOfCaseKey, findingOfCaseSql } from '../../src/store/case-key.js';

describe('the finding of a case key', () => {
  // The old customs report split on "|" and named this document "due|C|5|certificate_of_origin".
  const rule = 'docs|due';
  const shipment = 'C|5';
  const key = 'docs|due|C|5|certificate_of_origin';

  it('is what follows the rule and the subject, whatever "|" they hold', () => {
    expect(findingOfCaseKey(key, rule, shipment)).toBe('certificate_of_origin');
    expect(findingOfCaseKey('late|S1|departed>arrived', 'late', 'S1')).toBe('departed>arrived');
  });

  it('reads the same in SQL', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE cases (case_key TEXT, rule_id TEXT, shipment_id TEXT)');
    db.prepare('INSERT INTO cases VALUES (?, ?, ?)').run(key, rule, shipment);
    db.prepare('INSERT INTO cases VALUES (?, ?, ?)').run('stock-low|SKU-1@USATL|below_min', 'stock-low', 'SKU-1@USATL');
    expect(
      db
        .prepare(`SELECT ${findingOfCaseSql('c')} FROM cases c ORDER BY rowid`)
        .pluck()
        .all(),
    ).toEqual(['certificate_of_origin', 'below_min']);
    db.close();
  });
});
