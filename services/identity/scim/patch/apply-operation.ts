/**
 * One PATCH operation: finds its targets (the path, or each key of a no-path value)
 * and hands each to the edge logic or to apply-attribute.ts.
 */
import { InvalidPathError, InvalidValueError, NoTargetError } from '../../errors/scim-errors';
import { isPlainObject } from '../resource/scim-json';
import { applyToAttribute } from './apply-attribute';
import { edgeFilterIds, edgeIds } from './edge-delta';
import type { OperationContext } from './operation-context';
import type { PatchOpName, PatchOperation } from './patch-request';
import { assertNotReadOnly } from './patch-rules';
import { lookupTarget, type AttributeTarget, type PatchTarget } from './patch-target';

export function applyOperation(context: OperationContext, operation: PatchOperation): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with … "noTarget"."
    if (op === 'remove') throw new NoTargetError('remove needs a path naming what to remove (RFC 7644 §3.5.2.2).');
    applyWithoutPath(context, op, value);
    return;
  }
  const target = lookupTarget(context.resource, path);
  if (target.kind === 'unknown') throw new InvalidPathError(target.detail);
  applyToTarget(context, op, target, value);
}

/**
 * RFC 7644 §3.5.2.1 and §3.5.2.3 without a path: "the target location is assumed to be
 * the resource itself", and `value` holds the attributes to add or replace. Each key is
 * applied as if it were the operation's path, so keys may be attribute names in any
 * case, extension URNs holding objects, and (Entra) full URN paths and dotted paths.
 * Keys that name no attribute are ignored, as on POST and PUT.
 */
function applyWithoutPath(context: OperationContext, op: 'add' | 'replace', value: unknown): void {
  if (!isPlainObject(value)) {
    throw new InvalidValueError(`Without a path, the value of ${op} must be an object of attributes (RFC 7644 §3.5.2.1).`);
  }
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') context.log.note('schemas-ignored');
    else if (lower === 'meta') context.log.note('meta-ignored');
    else applyKey(context, op, key, item, false);
  }
}

/** One key of a no-path value, or of an extension object (`qualified`: then `key` carries its URN). */
function applyKey(context: OperationContext, op: 'add' | 'replace', key: string, value: unknown, qualified: boolean): void {
  let target: PatchTarget;
  try {
    target = lookupTarget(context.resource, key);
  } catch (error) {
    if (!(error instanceof InvalidPathError)) throw error;
    context.log.note('unknown-attribute-ignored');
    return;
  }
  if (target.kind === 'unknown') {
    context.log.note('unknown-attribute-ignored');
    return;
  }
  if (target.kind === 'attribute') {
    // Entra keys no-path values by full URN paths and dotted paths. See test/fixtures/idp/entra/patch-enterprise-no-path.json.
    if (!qualified && key.includes(':')) context.log.note('urn-key');
    if (target.sub && !target.filter) context.log.note('dotted-key');
  }
  applyToTarget(context, op, target, value);
}

function applyToTarget(context: OperationContext, op: PatchOpName, target: PatchTarget, value: unknown): void {
  switch (target.kind) {
    case 'unknown':
      throw new InvalidPathError(target.detail);
    case 'schemas':
      context.log.note('schemas-ignored');
      return;
    case 'extension':
      applyToExtension(context, op, target.urn, value);
      return;
    case 'attribute':
      if (isOwnId(context, op, target, value)) {
        // Okta renames a group with a no-path replace that carries the group's own id. See test/fixtures/idp/okta/group-push.json.
        context.log.note('own-id-ignored');
        return;
      }
      assertNotReadOnly(
        [target.attribute.definition, target.sub],
        target.sub ? `${target.attribute.path}.${target.sub.name}` : target.attribute.path,
      );
      if (context.edgeAttributes.has(target.attribute.path.toLowerCase())) applyToEdge(context, op, target, value);
      else applyToAttribute(context, op, target, value);
  }
}

function isOwnId(context: OperationContext, op: PatchOpName, target: AttributeTarget, value: unknown): boolean {
  const { attribute, sub, filter } = target;
  return (
    op !== 'remove' &&
    context.ownId !== undefined &&
    attribute.schema === '' &&
    attribute.definition.name === 'id' &&
    !sub &&
    !filter &&
    value === context.ownId
  );
}

/** A path that is an extension's URN names the extension object: its attributes, as in a no-path value. */
function applyToExtension(context: OperationContext, op: PatchOpName, urn: string, value: unknown): void {
  if (op === 'remove') {
    if (value !== undefined && value !== null) {
      throw new InvalidValueError(`remove takes no value for ${urn} (RFC 7644 §3.5.2.2).`, urn);
    }
    const extension = context.resource.extensions.find((candidate) => candidate.id === urn);
    for (const definition of extension?.attributes ?? []) {
      const attribute = context.resource.resolve({ schema: urn, attribute: definition.name });
      if (attribute) applyToTarget(context, 'remove', { kind: 'attribute', attribute }, undefined);
    }
    delete context.doc[urn];
    return;
  }
  if (value === null) return;
  if (!isPlainObject(value)) throw new InvalidValueError(`${urn} must be an object of its attributes.`, urn);
  for (const [key, item] of Object.entries(value)) applyKey(context, op, `${urn}:${key}`, item, true);
}

/**
 * An operation on an edge attribute (groups: `members`) becomes an EdgeDelta; the
 * document is not touched and the current members are never needed.
 */
function applyToEdge(context: OperationContext, op: PatchOpName, target: AttributeTarget, value: unknown): void {
  const { definition, path } = target.attribute;
  context.edges.touched.add(path);
  if (target.sub) {
    throw new InvalidPathError(`${path} is kept as edges: change whole members, not their ${target.sub.name}.`, path);
  }
  if (target.filter) {
    if (op !== 'remove') {
      throw new InvalidPathError(`${path} is kept as edges: a filter on it can only remove members; ${op} ${path} with a value array.`, path);
    }
    if (value !== undefined && value !== null) throw new InvalidValueError(`remove takes no value with a filter (RFC 7644 §3.5.2.2).`, path);
    // RFC 7644 §3.5.2.2 "remove a member by filter"; an id that is not a member is a no-op for the caller.
    context.edges.remove(edgeFilterIds(target.filter.written, path));
    return;
  }
  switch (op) {
    case 'add':
      context.edges.add(edgeIds(definition, value, path));
      return;
    case 'replace':
      // Okta empties a group with replace members []. See test/fixtures/idp/okta/group-push.json.
      context.edges.replace(edgeIds(definition, value, path));
      return;
    case 'remove':
      if (value === undefined || value === null) {
        context.edges.replace([]);
        return;
      }
      // Entra removes members with path "members" and a value array. See test/fixtures/idp/entra/groups.json.
      context.log.note('members-remove-value-array');
      context.edges.remove(edgeIds(definition, value, path));
  }
}
