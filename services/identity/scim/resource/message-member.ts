/**
 * A member of a SCIM message (PatchOp, BulkRequest and their operations) looked up by
 * name in any case: RFC 7643 §2.1 makes attribute names case-insensitive in every SCIM
 * message, and IdPs differ in how they spell `Operations` or `op`.
 */
import { InvalidSyntaxError } from '../../errors/scim-errors';

/**
 * The member of `object` named `name` in any case. Two spellings of one member are
 * ambiguous: invalidSyntax, whose detail starts with `where` ("The PATCH body").
 */
export function messageMember(object: Record<string, unknown>, name: string, where: string): { present: boolean; value: unknown } {
  const keys = Object.keys(object).filter((key) => key.toLowerCase() === name.toLowerCase());
  if (keys.length > 1) throw new InvalidSyntaxError(`${where} has ${keys.length} members named ${name} in different cases.`);
  return keys.length === 0 ? { present: false, value: undefined } : { present: true, value: object[keys[0]] };
}
