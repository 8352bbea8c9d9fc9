import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editorSchema } from '../../src/rules/schema.js';

describe('schema/rules-v1.json', () => {
  it('is the schema `logex rules schema` prints (regenerate with npm run schema)', () => {
    expect(JSON.parse(readFileSync('schema/rules-v1.json', 'utf8'))).toEqual(editorSchema());
  });
});
