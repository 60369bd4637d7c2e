/**
 * THE parser of SCIM filters (RFC 7644 §3.4.2.2), attribute paths (§3.10: sortBy,
 * attributes, excludedAttributes) and PATCH paths (§3.5.2). All three share one lexer
 * and one grammar, and differ in the error they throw: invalidFilter for filters,
 * invalidPath for paths (§3.12).
 */
import { InvalidFilterError, InvalidPathError } from '../../errors/scim-errors';
import type { AttributePath } from '../schema/registry';
import type { FilterNode, PatchPath } from './ast';
import { FilterParser } from './filter-parser';
import { Lexer, type SyntaxErrorFactory } from './lexer';
import { DEFAULT_FILTER_LIMITS, type FilterLimits } from './limits';

const filterError: SyntaxErrorFactory = (detail, position) => new InvalidFilterError(detail, position);
const pathError: SyntaxErrorFactory = (detail, position) => new InvalidPathError(`${detail} (at position ${position})`);

function parser(text: string, limits: Partial<FilterLimits>, fail: SyntaxErrorFactory): FilterParser {
  const bounds = { ...DEFAULT_FILTER_LIMITS, ...limits };
  if (text.length > bounds.maxLength) {
    throw fail(`The text is longer than the maximum of ${bounds.maxLength} characters`, bounds.maxLength);
  }
  return new FilterParser(new Lexer(text, fail), bounds, fail);
}

/** Parses a filter; throws InvalidFilterError, with the 0-based position of the problem. */
export function parseFilter(text: string, limits: Partial<FilterLimits> = {}): FilterNode {
  return parser(text, limits, filterError).filter();
}

/** Parses one attribute path, such as `name.givenName`; throws InvalidPathError. */
export function parseAttributePath(text: string): AttributePath {
  return parser(text, {}, pathError).attributePath();
}

/**
 * Parses a PATCH path: `name.givenName`, `members[value eq "2819c223"]`,
 * `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:manager`. Throws
 * InvalidPathError, also for a malformed filter inside the brackets.
 */
export function parsePatchPath(text: string, limits: Partial<FilterLimits> = {}): PatchPath {
  return parser(text, limits, pathError).patchPath();
}
