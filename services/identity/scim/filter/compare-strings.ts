/**
 * How filters compare strings (RFC 7644 §3.4.2.2: case sensitivity "SHALL be determined
 * by the attribute's caseExact characteristic"). The store compilers must give the
 * same answers as these two functions: e.g. SQLite's lower() folds ASCII only, so a
 * store keeps foldCase(value) alongside a caseExact=false value and compares that.
 */

/** The fold of caseExact=false strings: Unicode default lower-casing, independent of locale. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8
 * encodings (SQLite's BINARY collation, MongoDB's simple collation). JavaScript's `<`
 * compares UTF-16 code units instead, which puts U+10000 and above before U+E000.
 * Returns a negative number, zero or a positive number.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; ) {
    const left = a.codePointAt(index) ?? 0;
    const right = b.codePointAt(index) ?? 0;
    if (left !== right) return left < right ? -1 : 1;
    index += left > 0xffff ? 2 : 1;
  }
  return Math.sign(a.length - b.length);
}
