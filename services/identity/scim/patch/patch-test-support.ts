/** Fixtures and helpers shared by this folder's tests. */
import { IdentityError } from '../../errors/identity-error';
import type { ScimJson } from '../resource/scim-json';
import type { AttributeDefinition } from '../schema/definitions';
import { SCHEMA_URN } from '../schema/definitions';
import { SchemaRegistry } from '../schema/registry';
import { applyPatch, parsePatchRequest, PATCH_OP_SCHEMA, type ApplyPatchOptions, type PatchResult } from './apply-patch';

export const REGISTRY = SchemaRegistry.core();
export const USER = REGISTRY.resource('User');
export const GROUP = REGISTRY.resource('Group');
export const ENTERPRISE = SCHEMA_URN.enterpriseUser;
/** How the identity service applies PATCH to groups: members kept as edges. */
export const GROUP_EDGES: ApplyPatchOptions = { edgeAttributes: ['members'] };

/** Freezes a document all the way down, so that any mutation of the input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** A PatchOp body as IdPs send it. */
export const body = (...operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations });

/** Parses `request` as the adapter does and applies it to a frozen copy of `doc`, as the service does. */
export function patchBody(resource = USER, doc: ScimJson, request: unknown, options: ApplyPatchOptions = {}): PatchResult {
  return applyPatch(resource, deepFreeze(structuredClone(doc)), parsePatchRequest(request), options);
}

/** Applies operations without the request envelope. */
export function patch(resource = USER, doc: ScimJson, operations: unknown[], options: ApplyPatchOptions = {}): PatchResult {
  return patchBody(resource, doc, body(...operations), options);
}

/** Runs `run`, expects an error of class `type`, and returns it. */
export function thrown<E extends IdentityError>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The reasons of a result's rewrites, per 1-based operation. */
export const reasons = (result: PatchResult) => result.rewrites.map(({ operation, reason }) => `${operation}:${reason}`);

const text = (name: string, overrides: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name,
  type: 'string',
  multiValued: false,
  description: name,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...overrides,
});

/** A made-up resource type whose schema has the characteristics the core schemas lack: an immutable attribute. */
export const DEVICE = new SchemaRegistry(
  [
    {
      id: 'urn:example:params:scim:schemas:Device',
      name: 'Device',
      description: 'A device',
      attributes: [
        text('serialNumber', { mutability: 'immutable' }),
        text('label'),
        { ...text('owner'), type: 'complex', subAttributes: [text('value', { mutability: 'immutable' }), text('display')] },
      ],
    },
  ],
  [{ id: 'Device', name: 'Device', endpoint: '/Devices', description: 'Devices', schema: 'urn:example:params:scim:schemas:Device', schemaExtensions: [] }],
).resource('Device');
