/**
 * One add, remove or replace on one attribute kept in the document (RFC 7644
 * §3.5.2.1–3). The operation's value has not been normalized yet; every value written
 * goes through normalizeFor (THE normalizer).
 *
 * Where the RFC leaves room:
 * - An unassigned value (null, "", [], {}: RFC 7643 §2.5) in an add changes nothing
 *   (adding nothing); in a replace it unassigns the target (replacing with nothing).
 * - Complex single-valued targets merge: add and replace set the sub-attributes given
 *   and leave the others (§3.5.2.3: "Sub-attributes that are not specified in the
 *   "value" parameter are left unchanged"), with or without a path.
 * - A sub-attribute of a multi-valued attribute without a filter (`emails.type`) names
 *   that sub-attribute of every value; setting it when there is no value is noTarget.
 * - add with a filter and no sub-attribute merges the value into each matching element.
 * - A filter that matches nothing: remove succeeds without change (the RFC is silent;
 *   idempotent removal lets an IdP retry a half-applied request); replace without a
 *   sub-attribute is noTarget (§3.5.2.3); add, and replace with a sub-attribute, create
 *   the element when the filter describes one (element-filter.ts describedElement),
 *   else noTarget.
 * - remove with a `value` is accepted on a multi-valued attribute without filter or
 *   sub-attribute (the Entra dialect: the elements that match a given value are
 *   removed, patch-values.ts matchesPattern), and is invalidValue anywhere else.
 * - Immutable sub-attributes of multi-valued elements (`members[].value`) may not be
 *   changed through a selected element; removing or replacing whole elements is allowed.
 */
import { InvalidValueError, NoTargetError } from '../../errors/scim-errors';
import { isPlainObject, isUnassigned, type ScimJson } from '../resource/scim-json';
import type { AttributeDefinition } from '../schema/definitions';
import type { OperationContext } from './operation-context';
import type { PatchOpName } from './patch-request';
import { describedElement, elementMatches } from './element-filter';
import { readAttribute, writeAttribute } from './patch-document';
import { assertImmutableKept, assertRequiredKept, keepOnePrimary } from './patch-rules';
import { describeTarget, type AttributeTarget } from './patch-target';
import { elementDefinition, matchesPattern, normalizeFor, sameElement } from './patch-values';

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Applies `op` to an attribute target that is not an edge attribute. */
export function applyToAttribute(context: OperationContext, op: PatchOpName, target: AttributeTarget, value: unknown): void {
  const { attribute } = target;
  const hasRemoveValue = op === 'remove' && value !== undefined && value !== null;
  if (hasRemoveValue && (!attribute.definition.multiValued || target.filter || target.sub)) {
    throw new InvalidValueError(
      `remove takes a value only to pick values of a multi-valued attribute, not for ${describeTarget(target)}: ` +
        'leave the value out (RFC 7644 §3.5.2.2).',
      attribute.path,
    );
  }
  const before = readAttribute(context.doc, attribute);
  const after = attribute.definition.multiValued
    ? applyToMultiValued(context, op, target, before, value)
    : applyToSingleValued(context, op, target, before, value);
  writeAttribute(context.doc, attribute, after);
  assertRequiredKept(attribute.definition, readAttribute(context.doc, attribute), attribute.path);
}

function applyToSingleValued(
  context: OperationContext,
  op: PatchOpName,
  target: AttributeTarget,
  before: unknown,
  value: unknown,
): unknown {
  const { definition, path } = target.attribute;
  const { sub } = target;
  let after: unknown;
  if (!sub) {
    if (op === 'remove') after = undefined;
    else {
      const normalized = normalizeFor(definition, value, path, context.log);
      if (normalized === undefined) after = op === 'add' ? before : undefined;
      else if (definition.type === 'complex' && isPlainObject(before)) after = { ...before, ...(normalized as ScimJson) };
      else after = normalized;
    }
  } else {
    const object: ScimJson = isPlainObject(before) ? { ...before } : {};
    const normalized = op === 'remove' ? undefined : normalizeFor(sub, value, `${path}.${sub.name}`, context.log);
    if (normalized !== undefined) object[sub.name] = normalized;
    else if (op !== 'add') delete object[sub.name];
    after = isUnassigned(object) ? undefined : object;
  }
  assertImmutableKept(definition, before, after, path);
  return after;
}

function applyToMultiValued(
  context: OperationContext,
  op: PatchOpName,
  target: AttributeTarget,
  before: unknown,
  value: unknown,
): unknown[] {
  const { definition, path } = target.attribute;
  const element = elementDefinition(definition);
  const list = asList(before);
  const written = new Set<unknown>();
  let result: unknown[];

  if (!target.filter && !target.sub) {
    switch (op) {
      case 'add':
        // §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added".
        result = [...list];
        for (const item of asList(normalizeFor(definition, value, path, context.log))) {
          if (result.some((existing) => sameElement(element, existing, item))) continue;
          result.push(item);
          written.add(item);
        }
        break;
      case 'replace':
        // §3.5.2.3: "If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced."
        result = asList(normalizeFor(definition, value, path, context.log));
        for (const item of result) written.add(item);
        break;
      case 'remove':
        if (value === undefined || value === null) result = [];
        else {
          // Entra removes values by listing them. See test/fixtures/idp/entra/groups.json.
          context.log.note('remove-value-array');
          const patterns = asList(normalizeFor(definition, value, path, context.log));
          result = list.filter((existing) => !patterns.some((pattern) => matchesPattern(element, existing, pattern)));
        }
        break;
    }
  } else {
    const { filter } = target;
    const matched = new Set(filter ? list.filter((existing) => elementMatches(target.attribute, filter.resolved, existing)) : list);
    result = target.sub
      ? applyToSubAttributes(context, op, target, target.sub, list, matched, written, value)
      : applyToElements(context, op, target, list, matched, written, value);
  }

  keepOnePrimary(element, result, written, path);
  const kept = result.filter((item) => !isUnassigned(item));
  assertImmutableKept(definition, before, kept, path);
  return kept;
}

/** `emails[type eq "work"]`: whole elements selected by a filter. */
function applyToElements(
  context: OperationContext,
  op: PatchOpName,
  target: AttributeTarget,
  list: unknown[],
  matched: Set<unknown>,
  written: Set<unknown>,
  value: unknown,
): unknown[] {
  const { definition, path } = target.attribute;
  const element = elementDefinition(definition);
  if (op === 'remove') return list.filter((existing) => !matched.has(existing));
  if (Array.isArray(value)) {
    throw new InvalidValueError(`A filter selects values of ${path} one at a time: give one value, not an array.`, path);
  }
  const given = normalizeFor(element, value, path, context.log);
  if (op === 'replace') {
    // §3.5.2.3: "…no record match was made, the service provider SHALL indicate failure … noTarget".
    if (matched.size === 0) throw new NoTargetError(`No value of ${path} matches the filter (RFC 7644 §3.5.2.3).`, path);
    // §3.5.2.3: "all matching record values SHALL be replaced".
    return list.flatMap((existing) => {
      if (!matched.has(existing)) return [existing];
      assertImmutableKept(element, existing, given, path);
      if (given === undefined) return [];
      const replacement = structuredClone(given);
      written.add(replacement);
      return [replacement];
    });
  }
  if (given === undefined) return list;
  if (matched.size === 0) {
    const created = createElement(context, target, given as ScimJson);
    written.add(created);
    return [...list, created];
  }
  return list.map((existing) => {
    if (!matched.has(existing) || !isPlainObject(existing)) return existing;
    const merged = { ...existing, ...(given as ScimJson) };
    assertImmutableKept(element, existing, merged, path);
    written.add(merged);
    return merged;
  });
}

/** `emails[type eq "work"].value` or `emails.value`: one sub-attribute of the selected elements. */
function applyToSubAttributes(
  context: OperationContext,
  op: PatchOpName,
  target: AttributeTarget,
  sub: AttributeDefinition,
  list: unknown[],
  matched: Set<unknown>,
  written: Set<unknown>,
  value: unknown,
): unknown[] {
  const { definition, path } = target.attribute;
  const element = elementDefinition(definition);
  const given = op === 'remove' ? undefined : normalizeFor(sub, value, `${path}.${sub.name}`, context.log);
  if (op === 'add' && given === undefined) return list;
  if (matched.size === 0) {
    if (op === 'remove') return list;
    if (given === undefined || !target.filter) {
      throw new NoTargetError(`No value of ${path} has a ${sub.name} to ${op} (RFC 7644 §3.5.2.3).`, path);
    }
    const created = createElement(context, target, { [sub.name]: given });
    written.add(created);
    return [...list, created];
  }
  // §3.5.2.3: "the matching sub-attribute of all matching records is replaced".
  return list.map((existing) => {
    if (!matched.has(existing) || !isPlainObject(existing)) return existing;
    const next: ScimJson = { ...existing };
    if (given === undefined) delete next[sub.name];
    else next[sub.name] = structuredClone(given);
    assertImmutableKept(element, existing, next, path);
    if (given !== undefined) written.add(next);
    return next;
  });
}

/**
 * Entra's create-on-absent: a filter of `eq` tests that matched nothing describes the
 * element to create. See test/fixtures/idp/entra/patch-create-on-absent.json.
 */
function createElement(context: OperationContext, target: AttributeTarget, given: ScimJson): ScimJson {
  const { attribute, filter } = target;
  const described = filter ? describedElement(attribute, filter.written) : undefined;
  const noTarget = () =>
    new NoTargetError(
      `No value of ${attribute.path} matches the filter, and the filter does not describe a value to create: ` +
        `only eq tests joined by and, with canonical values where the schema has them, as in ${attribute.path}[type eq "work"] ` +
        '(RFC 7644 §3.5.2.3).',
      attribute.path,
    );
  if (!described || !filter) throw noTarget();
  const created = normalizeFor(elementDefinition(attribute.definition), { ...described, ...given }, attribute.path, context.log);
  if (!isPlainObject(created) || !elementMatches(attribute, filter.resolved, created)) throw noTarget();
  context.log.note('create-on-absent-filter');
  return created;
}
