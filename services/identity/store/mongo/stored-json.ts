/**
 * How SCIM JSON is kept inside MongoDB documents, so that any attribute can be filtered
 * and sorted without the schema:
 *
 * - Keys are escaped. SCIM keys include extension URNs, which hold dots
 *   (`…:enterprise:2.0:User`), and `$ref`; MongoDB reads a dot in a field name as a path
 *   step and refuses a leading `$`. So `%` → `%25`, `.` → `%2E`, a leading `$` → `%24`,
 *   and a leading `_` → `%5F` (no SCIM name starts with one, which keeps `_fold` free).
 * - Every object holds `_fold`: the foldCase() of each of its string and string-array
 *   members, under the same key. Filters compare caseExact=false strings after
 *   foldCase() (compare-strings.ts), which MongoDB cannot compute; its collations and
 *   $toLower fold differently. The copy sits inside the same object as the original, so
 *   `emails.value` is folded at `doc.emails._fold.value`, beside `doc.emails.type` in
 *   the same element, and an index on that path serves case-insensitive lookups. Every
 *   string is folded whatever its attribute's caseExact: the store needs no schema, and
 *   a schema change never finds a value without its copy.
 * - `first` (firstValues) keeps, for each multi-valued attribute, the value it sorts by:
 *   the primary element, else the first (RFC 7644 §3.4.2.3), in the same encoding.
 */
import { foldCase } from '../../scim/filter/compare-strings';
import { isPlainObject, type ScimJson } from '../../scim/resource/scim-json';

export const FOLD = '_fold';

export function escapeKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24').replace(/^_/, '%5F');
}

export function unescapeKey(key: string): string {
  return key.replace(/%(25|2E|24|5F)/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Where the values of one stored member are: the member itself, and its folded copy. */
export interface FieldPaths {
  raw: string;
  fold?: string;
  /** The values are BSON dates (meta.created, meta.lastModified) rather than ISO strings. */
  dates?: boolean;
}

/** The paths of the member that `keys` (unescaped, outermost first) name under `root`. */
export function fieldPaths(root: string, keys: string[]): FieldPaths {
  const escaped = keys.map(escapeKey);
  const parents = [root, ...escaped.slice(0, -1)].filter((part) => part !== '');
  const last = escaped[escaped.length - 1];
  return { raw: [...parents, last].join('.'), fold: [...parents, FOLD, last].join('.') };
}

function foldedCopy(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return foldCase(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value.map(foldCase);
  return undefined;
}

/** SCIM JSON as stored: keys escaped, `_fold` beside the strings of every object. */
export function encodeJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeJson);
  if (!isPlainObject(value)) return value;
  const encoded: Record<string, unknown> = {};
  const folded: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const name = escapeKey(key);
    encoded[name] = encodeJson(member);
    const copy = foldedCopy(member);
    if (copy !== undefined) folded[name] = copy;
  }
  if (Object.keys(folded).length > 0) encoded[FOLD] = folded;
  return encoded;
}

/** The SCIM JSON that encodeJson() stored. */
export function decodeJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeJson);
  if (!isPlainObject(value)) return value;
  const decoded: ScimJson = {};
  for (const [key, member] of Object.entries(value)) {
    if (key !== FOLD) decoded[unescapeKey(key)] = decodeJson(member);
  }
  return decoded;
}

/** The element a multi-valued attribute sorts by: its primary value, else its first. */
function sortElement(items: unknown[]): unknown {
  return items.find((item) => isPlainObject(item) && item.primary === true) ?? items[0];
}

/**
 * `encoded` with every array replaced by its sort element, keeping only the branches
 * that hold an array; undefined when there is none.
 */
export function firstValues(encoded: ScimJson): ScimJson | undefined {
  const result: ScimJson = {};
  for (const [key, member] of Object.entries(encoded)) {
    if (Array.isArray(member)) {
      if (member.length > 0) result[key] = sortElement(member);
    } else if (isPlainObject(member)) {
      const inner = firstValues(member);
      if (inner) result[key] = inner;
    }
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
