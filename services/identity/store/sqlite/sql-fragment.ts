/**
 * SQL built from fragments that carry their own bound parameters. In the `sql`
 * template, an embedded fragment is inlined with its parameters, and any other value
 * becomes a `?` placeholder bound to it: a value can never become SQL text.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export type SqlValue = string | number | null;

function isFragment(part: unknown): part is SqlFragment {
  return typeof part === 'object' && part !== null && 'sql' in part && 'params' in part;
}

export function sql(strings: TemplateStringsArray, ...parts: Array<SqlFragment | SqlValue>): SqlFragment {
  let text = strings[0];
  const params: unknown[] = [];
  parts.forEach((part, index) => {
    if (isFragment(part)) {
      text += part.sql;
      params.push(...part.params);
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[index + 1];
  });
  return { sql: text, params };
}

/** Trusted SQL text: table and column names chosen by the code, never by input. */
export function raw(text: string): SqlFragment {
  return { sql: text, params: [] };
}

export function join(fragments: SqlFragment[], separator: string): SqlFragment {
  return { sql: fragments.map((f) => f.sql).join(separator), params: fragments.flatMap((f) => f.params) };
}
