/**
 * The syntax of one attribute path (RFC 7644 §3.10, and `attrPath` in §3.4.2.2):
 * `[URI ":"] ATTRNAME ["." ATTRNAME]`, split out of one lexer word.
 */
import type { AttributePath } from '../schema/registry';
import { quote, type SyntaxErrorFactory } from './lexer';

/**
 * ATTRNAME of RFC 7643 §2.1, plus a leading `$` for the `$ref` sub-attribute that the
 * RFC itself defines, and `$` among the name characters.
 */
const ATTRIBUTE_NAME = /^\$?[A-Za-z][A-Za-z0-9_$-]*$/;
/** A URI scheme (RFC 3986 §3.1) followed by at least one non-empty `:` segment. */
const SCHEMA_URI = /^[A-Za-z][A-Za-z0-9+.-]*(?::[^:]+)+$/;

export function isAttributeName(text: string): boolean {
  return ATTRIBUTE_NAME.test(text);
}

function nameError(name: string, after: string): string {
  return name === ''
    ? `Expected an attribute name after ${after}`
    : `Expected an attribute name (a letter, then letters, digits, '_', '-' or '$') but found ${quote(name)}`;
}

/**
 * Splits `word` (found at `position`) into schema, attribute and sub-attribute. The
 * schema URI ends at the last ':', since attribute names hold no ':' while URNs hold
 * '.' (`urn:…:core:2.0:User:name.familyName`).
 */
export function splitAttributePath(word: string, position: number, fail: SyntaxErrorFactory): AttributePath {
  const colon = word.lastIndexOf(':');
  const schema = colon < 0 ? undefined : word.slice(0, colon);
  if (schema !== undefined && !SCHEMA_URI.test(schema)) {
    throw fail(`Expected a schema URI, such as urn:ietf:params:scim:schemas:core:2.0:User, before ':'`, position);
  }
  const names = word.slice(colon + 1).split('.');
  let offset = position + colon + 1;
  if (names.length > 2) {
    const secondDot = offset + names[0].length + names[1].length + 1;
    throw fail('An attribute path names at most one sub-attribute (RFC 7644 §3.10)', secondDot);
  }
  const [attribute, subAttribute] = names;
  if (!isAttributeName(attribute)) throw fail(nameError(attribute, "':'"), offset);
  offset += attribute.length + 1;
  if (subAttribute !== undefined && !isAttributeName(subAttribute)) throw fail(nameError(subAttribute, "'.'"), offset);
  return {
    ...(schema === undefined ? {} : { schema }),
    attribute,
    ...(subAttribute === undefined ? {} : { subAttribute }),
  };
}
