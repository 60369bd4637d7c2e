/**
 * An operator's import of users and groups (BulkService.ImportResources): resources
 * streamed in, each created through the ResourceService of its type, as CreateUser and
 * CreateGroup would create it, in stream order. Users run side by side, up to
 * CONCURRENT_CREATES, when that cannot change the outcome (as bulk-plan.ts's steps):
 * never two with one userName or one id; a group runs alone, since its members must
 * exist before it.
 *
 * Each resource is created under the `id` it carries, so that a migration from another
 * SCIM service keeps the ids its IdPs know (and groups can name their members by them),
 * or else under an id derived from its content. Either way a resource sent again is
 * found by its id and counted as existing (create-once.ts): an import interrupted at any
 * point can be run again, whole or from a checkpoint, without duplicating anything.
 *
 * A resource that fails is reported by its line and error and the stream goes on; an
 * unavailable store fails the call, since every later resource would fail alike.
 */
import type { Logger } from 'pino';
import type { ImportFailure, ImportResourcesRequest, ImportResourcesResponse } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import { InvalidValueError, StoreUnavailableError } from '../errors/scim-errors';
import { toRpcStatus } from '../errors/status-details';
import { failureDetails } from '../errors/to-grpc-status';
import type { CallContext } from '../grpc/call-context';
import { SCHEMA_URN } from '../scim/schema/definitions';
import { CONCURRENT_CREATES } from './bulk-limits';
import type { BulkResourceType } from './bulk-operation';
import { userNameKey } from './bulk-plan';
import { createOnce, type CreatedOnce, type ResourceTargets } from './create-once';
import { canonicalJson, derivedId } from './derived-ids';

/** Ids an import may keep: URL-safe, as they appear in resource URLs. */
const IMPORTED_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class ResourceImporter {
  constructor(
    private readonly targets: ResourceTargets,
    private readonly log: Logger,
  ) {}

  async import(resources: AsyncIterable<ImportResourcesRequest>, context: CallContext): Promise<ImportResourcesResponse> {
    const summary = { created: 0, existing: 0, failures: [] as ImportFailure[] };
    let step: ImportResourcesRequest[] = [];
    let keys = new Set<string>();
    const flush = async () => {
      const outcomes = await Promise.allSettled(step.map((item) => this.importOne(item.resource ?? {}, context)));
      outcomes.forEach((outcome, position) => {
        if (outcome.status === 'fulfilled') {
          if (outcome.value.replayed) summary.existing += 1;
          else summary.created += 1;
        } else if (!(outcome.reason instanceof StoreUnavailableError)) {
          summary.failures.push({ line: step[position].line ?? 0, error: toRpcStatus(failureDetails(outcome.reason, context.requestId, this.log)) });
        }
      });
      const lost = outcomes.find((outcome) => outcome.status === 'rejected' && outcome.reason instanceof StoreUnavailableError);
      if (lost) throw (lost as PromiseRejectedResult).reason;
      step = [];
      keys = new Set();
    };
    for await (const item of resources) {
      const itemKeys = stepKeys(item.resource ?? {});
      const joins = itemKeys !== undefined && step.length < CONCURRENT_CREATES && itemKeys.every((key) => !keys.has(key));
      if (!joins && step.length > 0) await flush();
      step.push(item);
      for (const key of itemKeys ?? []) keys.add(key);
      if (itemKeys === undefined) await flush();
    }
    if (step.length > 0) await flush();
    return summary;
  }

  private async importOne(resource: Record<string, unknown>, context: CallContext): Promise<CreatedOnce> {
    const type = resourceTypeOf(resource);
    return createOnce(this.targets[type], context, importedId(resource, type, context.tenant), resource);
  }
}

/**
 * What a resource must not share a step with: users with the same userName or id (in
 * sequence the first would win). Undefined for a group: it runs alone.
 */
function stepKeys(resource: Record<string, unknown>): string[] | undefined {
  let type: BulkResourceType;
  try {
    type = resourceTypeOf(resource);
  } catch {
    return []; // It fails at once, without writing.
  }
  if (type === 'Group') return undefined;
  const userName = userNameKey(resource);
  return [...(userName === undefined ? [] : [userName]), ...(typeof resource.id === 'string' ? [`id:${resource.id}`] : [])];
}

/** The type a resource names with its core schema URN (RFC 7643 §3: `schemas` is REQUIRED). */
function resourceTypeOf(resource: Record<string, unknown>): BulkResourceType {
  const schemas = Object.entries(resource).find(([key]) => key.toLowerCase() === 'schemas')?.[1];
  const urns = Array.isArray(schemas) ? schemas.filter((urn): urn is string => typeof urn === 'string').map((urn) => urn.toLowerCase()) : [];
  const user = urns.includes(SCHEMA_URN.user.toLowerCase());
  const group = urns.includes(SCHEMA_URN.group.toLowerCase());
  if (user === group) {
    throw new InvalidValueError(`schemas must name exactly one of ${SCHEMA_URN.user} and ${SCHEMA_URN.group}.`, 'schemas');
  }
  return user ? 'User' : 'Group';
}

function importedId(resource: Record<string, unknown>, type: BulkResourceType, tenant: string): string {
  const id = resource.id;
  if (id === undefined || id === null || id === '') return derivedId([tenant, 'import', type, canonicalJson(resource)]);
  if (typeof id !== 'string' || !IMPORTED_ID.test(id)) {
    throw new InvalidValueError('id must be 1 to 128 characters from A-Z a-z 0-9 . _ ~ - and start with a letter or digit.', 'id');
  }
  return id;
}
