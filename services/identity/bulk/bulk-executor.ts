/**
 * Runs one bulk request (RFC 7644 §3.7): every operation through the ResourceService
 * of its resource type, exactly as a single request would run (validation, uniqueness,
 * versions, the audit trail), in the plan's order and steps (bulk-plan.ts: creates that
 * commute run side by side, up to CONCURRENT_CREATES, unless failOnErrors asks for a
 * strict sequence), with its `bulkId:` references replaced by the ids created so far
 * (bulk-references.ts).
 *
 * - Failures are per operation: "The service provider MUST continue performing as many
 *   changes as possible and disregard partial failures", until `failOnErrors` of them
 *   (§3.7); the operations after that are neither run nor reported.
 * - An unavailable store stops the run after the step that met it: the results say
 *   exactly which operations were applied, and the retry applies the rest.
 * - A cancelled call (the caller gave up) stops the run before the next step.
 * - Retries: a POST creates its resource under an id derived from the tenant, the whole
 *   request and the POST's bulkId (create-once.ts), so the same request sent again
 *   finds what it created before instead of creating it twice. PUT sets the same state
 *   again; PATCH re-applies operations that converge (an add of a present value or
 *   member changes nothing; remove through a filter that matches nothing succeeds);
 *   DELETE of what is gone answers 404; an operation with a `version` that an earlier
 *   attempt applied answers 412, its version having moved on.
 */
import { status } from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { BulkOperationResult, ExecuteBulkRequest, ExecuteBulkResponse } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import { traced } from '../../observability/tracing';
import { BulkReferenceError, InvalidValueError, TooLargeError } from '../errors/scim-errors';
import { toRpcStatus } from '../errors/status-details';
import { failureDetails } from '../errors/to-grpc-status';
import type { CallContext } from '../grpc/call-context';
import { parsePatchRequest } from '../scim/patch/apply-patch';
import { isPlainObject, type ScimJson } from '../scim/resource/scim-json';
import { BULK_MAX_OPERATIONS, CONCURRENT_CREATES } from './bulk-limits';
import { parseOperation, type ParsedOperation, type ValidOperation } from './bulk-operation';
import { planBulk, userNameKey, type BulkPlan } from './bulk-plan';
import { BULK_ID_PREFIX, referencesOf, replaceReferences } from './bulk-references';
import { canonicalJson, derivedId } from './derived-ids';
import { createOnce, RESULT_PROJECTION, type ResourceTargets } from './create-once';

interface Applied {
  id: string;
  version: string;
  replayed: boolean;
}

const quoted = (text: string) => JSON.stringify(text.slice(0, 100));

/** The step key of a user a POST creates. */
function createKey(operation: ParsedOperation): string | undefined {
  if (operation.invalid || operation.resourceType !== 'User' || !isPlainObject(operation.data)) return undefined;
  return userNameKey(operation.data);
}

export class BulkExecutor {
  constructor(
    private readonly targets: ResourceTargets,
    private readonly log: Logger,
  ) {}

  async execute(request: ExecuteBulkRequest, context: CallContext): Promise<ExecuteBulkResponse> {
    const operations = request.operations ?? [];
    if (operations.length > BULK_MAX_OPERATIONS) {
      throw new TooLargeError(`The number of operations exceeds the maxOperations (${BULK_MAX_OPERATIONS}).`);
    }
    if (request.failOnErrors !== undefined && request.failOnErrors < 0) {
      throw new InvalidValueError('failOnErrors must be a whole number of 0 or more.', 'failOnErrors');
    }
    // "the number of errors that the service provider will accept before the operation is terminated": 0 accepts none, as 1 does.
    const errorLimit = request.failOnErrors === undefined ? Infinity : Math.max(1, request.failOnErrors);
    const parsed = operations.map(parseOperation);
    const plan = planBulk(
      parsed.map((operation) => ({
        index: operation.index,
        declares: operation.method === 'POST' && operation.bulkId !== '' ? operation.bulkId : undefined,
        references: operation.invalid ? [] : referencesOf(operation),
        creates: !operation.invalid && operation.method === 'POST',
        uniqueKey: createKey(operation),
      })),
      errorLimit === Infinity ? CONCURRENT_CREATES : 1,
    );
    // What a retry has in common with the first attempt: its operations. failOnErrors changes how far a run goes, not what it does.
    const fingerprint = createHash('sha256').update(canonicalJson(operations)).digest('base64url');
    const created = new Map<string, string>();
    const results = new Map<number, BulkOperationResult>();
    let errors = 0;
    let storeLost = false;
    for (const step of plan.steps) {
      if (errors >= errorLimit || storeLost || context.signal?.aborted) break;
      const outcomes = await Promise.all(
        step.map((index) => traced('scim.bulk.operation', {}, () => this.runOne(parsed[index], plan, created, fingerprint, context))),
      );
      for (const [position, result] of outcomes.entries()) {
        const operation = parsed[step[position]];
        results.set(operation.index, result);
        if (result.error) {
          errors += 1;
          storeLost ||= result.error.code === status.UNAVAILABLE;
        } else if (operation.method === 'POST' && operation.bulkId !== '' && result.id) {
          created.set(operation.bulkId, result.id);
        }
      }
    }
    return { results: [...results.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) };
  }

  private async runOne(
    operation: ParsedOperation,
    plan: BulkPlan,
    created: Map<string, string>,
    fingerprint: string,
    context: CallContext,
  ): Promise<BulkOperationResult> {
    const result: BulkOperationResult = {
      index: operation.index,
      method: operation.sentMethod,
      bulkId: operation.bulkId,
      resourceType: operation.resourceType ?? '',
    };
    // RFC 7644 §3.7.3: a result has a location unless it is a failed POST; a path's id is known before its references.
    if (operation.method !== 'POST' && operation.id !== undefined && !operation.id.startsWith(BULK_ID_PREFIX)) result.id = operation.id;
    try {
      if (operation.invalid) throw operation.invalid;
      this.refuseUnrunnable(operation, plan);
      const resolved = replaceReferences(operation, (bulkId) => this.resolve(bulkId, plan, created));
      result.id = resolved.id ?? '';
      const applied = await this.apply(operation, resolved, fingerprint, context);
      return { ...result, ...applied };
    } catch (error) {
      return { ...result, error: toRpcStatus(failureDetails(error, context.requestId, this.log)) };
    }
  }

  /** Well-formed operations that fail before anything is read: a duplicate bulkId, or on a circular reference. */
  private refuseUnrunnable(operation: ValidOperation, plan: BulkPlan): void {
    const first = plan.duplicates.get(operation.index);
    if (first !== undefined) {
      throw new InvalidValueError(
        `bulkId ${quoted(operation.bulkId)} is already the bulkId of operation ${first + 1}; bulkIds are unique within a request (RFC 7644 §3.7).`,
        'bulkId',
      );
    }
    const cycle = plan.cycles.get(operation.index);
    if (cycle) {
      throw new BulkReferenceError(
        `The operation is part of a circular reference (${cycle.map((bulkId) => `bulkId:${bulkId.slice(0, 100)}`).join(' → ')}), which this service does not resolve (RFC 7644 §3.7.1).`,
      );
    }
  }

  private resolve(bulkId: string, plan: BulkPlan, created: Map<string, string>): string {
    const id = created.get(bulkId);
    if (id !== undefined) return id;
    const creator = plan.creators.get(bulkId);
    if (creator === undefined) throw new BulkReferenceError(`No POST operation of this request has bulkId ${quoted(bulkId)}.`);
    if (plan.cycles.has(creator)) {
      throw new BulkReferenceError(`bulkId ${quoted(bulkId)} is on a circular reference, which this service does not resolve (RFC 7644 §3.7.1).`);
    }
    throw new BulkReferenceError(`Operation ${creator + 1}, the POST with bulkId ${quoted(bulkId)}, failed: bulkId:${bulkId.slice(0, 100)} names no resource.`);
  }

  private async apply(operation: ValidOperation, resolved: { id?: string; data?: unknown }, fingerprint: string, scope: CallContext): Promise<Applied> {
    const target = this.targets[operation.resourceType];
    const id = resolved.id ?? '';
    switch (operation.method) {
      case 'POST': {
        const key = operation.bulkId !== '' ? `bulkId:${operation.bulkId}` : `#${operation.index}`;
        const once = await createOnce(target, scope, derivedId([scope.tenant, 'bulk', fingerprint, key]), resolved.data);
        return { ...appliedTo(once.resource), replayed: once.replayed };
      }
      case 'PUT':
        return { ...appliedTo(await target.service.replace(scope, id, resolved.data, operation.version, RESULT_PROJECTION)), replayed: false };
      case 'PATCH': {
        const patch = parsePatchRequest(resolved.data);
        return { ...appliedTo(await target.service.patch(scope, id, patch, operation.version, RESULT_PROJECTION)), replayed: false };
      }
      case 'DELETE':
        await target.service.delete(scope, id, operation.version);
        return { id, version: '', replayed: false };
    }
  }
}

function appliedTo(resource: ScimJson): { id: string; version: string } {
  const version = isPlainObject(resource.meta) ? resource.meta.version : undefined;
  return { id: String(resource.id), version: typeof version === 'string' ? version : '' };
}
