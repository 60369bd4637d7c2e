/** A SCIM resource in JSON form, with attribute names in their canonical spelling. */
export type ScimJson = Record<string, unknown>;

export function isPlainObject(value: unknown): value is ScimJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7643 §2.5: null, an empty array and (by this service's reading) "" and {} all mean "no value". */
export function isUnassigned(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.values(value).every(isUnassigned);
  return false;
}
