/**
 * Column specs: a statement's columns named once, in order, with what fills or reads each. The SQL
 * column list, its placeholders and each column's position in a row array all come from the spec, so an
 * insert's values and a read's row cannot drift from their SQL (issue 17). Rows stay plain arrays:
 * they cross the parse thread cheaply and better-sqlite3 binds and returns them by position.
 */

/** A statement's columns: the names in order, and where each is in a row. */
export interface ColumnSpec<Name extends string> {
  readonly names: readonly Name[];
  /** `a, b, c`: for an INSERT's or SELECT's column list. */
  readonly list: string;
  /** `?, ?, ?`: one per column. */
  readonly placeholders: string;
  /** Each column's position in a row of this spec. */
  readonly at: Readonly<Record<Name, number>>;
}

export function columnSpec<Name extends string>(names: readonly Name[]): ColumnSpec<Name> {
  return {
    names,
    list: names.join(', '),
    placeholders: names.map(() => '?').join(', '),
    at: Object.fromEntries(names.map((name, index) => [name, index])) as Record<Name, number>,
  };
}

/**
 * A SELECT's columns as name → SQL expression (insertion order is the row's order): the expressions,
 * each named, for the statement; the positions for reading its raw rows, the names for its objects.
 */
export function selectSpec<Name extends string>(expressions: Readonly<Record<Name, string>>): ColumnSpec<Name> & { select: string } {
  const names = Object.keys(expressions) as Name[];
  return { ...columnSpec(names), select: names.map((name) => (expressions[name] === name ? name : `${expressions[name]} AS ${name}`)).join(', ') };
}
