/**
 * The audit trail: every attempted change — to users and groups over SCIM or gRPC,
 * and to tenants, tokens and service credentials — with who made it, from where,
 * what it touched (attribute names, never values), how it ended, and the request
 * and trace ids that lead to the logs and traces of the same call.
 *
 * Recording never fails the call: the change has already happened (or failed) when
 * it is recorded, so an audit write that fails is logged as an error instead.
 */
import type { Logger } from 'pino';
import { IdentityError } from '../errors/identity-error';
import { DAY_MS } from '../tenancy/lifetimes';
import type { AuditQuery, AuditRecord, TenancyStore } from '../tenancy/tenancy-store';
import { newAuditId } from './audit-ids';

/** Who made a change and from where, as the call guard established it. */
export interface AuditSource {
  /** `token:<id>` or `credential:<id>`. */
  actor: string;
  credentialId: string;
  requestId: string;
  traceId?: string;
  sourceAddress?: string;
}

/** What a change is about. */
export interface AuditEntry {
  /** '' for changes of no tenant (service credentials). */
  tenantId: string;
  action: string;
  resourceType: string;
  resourceId: string;
  attributes?: string[];
}

export class AuditTrail {
  constructor(
    private readonly store: TenancyStore,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Runs `change` and records how it ended, then returns its result or rethrows its
   * error. `describe` adds what only a success knows (the id created, the attributes changed).
   */
  async around<T>(source: AuditSource, entry: AuditEntry, change: () => Promise<T>, describe?: (result: T) => Partial<AuditEntry>): Promise<T> {
    let result: T;
    try {
      result = await change();
    } catch (error) {
      await this.record(source, { ...entry, attributes: [] }, error);
      throw error;
    }
    await this.record(source, { ...entry, ...describe?.(result) });
    return result;
  }

  /** Records one change; with `failure`, as failed for that error's reason. */
  async record(source: AuditSource, entry: AuditEntry, failure?: unknown): Promise<void> {
    const time = this.clock();
    const event: AuditRecord = {
      id: newAuditId(time),
      time,
      tenantId: entry.tenantId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      attributes: entry.attributes ?? [],
      outcome: failure === undefined ? 'success' : 'failure',
      failureReason: failure === undefined ? undefined : failure instanceof IdentityError ? failure.reason : 'INTERNAL',
      actor: source.actor,
      credentialId: source.credentialId,
      requestId: source.requestId,
      traceId: source.traceId,
      sourceAddress: source.sourceAddress,
    };
    try {
      await this.store.appendAudit(event);
    } catch (error) {
      this.log.error({ err: error, requestId: source.requestId, action: entry.action, resourceType: entry.resourceType }, 'audit event not recorded');
    }
  }

  list(query: AuditQuery): Promise<AuditRecord[]> {
    return this.store.listAudit(query);
  }

  /** Deletes events older than `retentionDays`; returns how many. */
  purge(retentionDays: number): Promise<number> {
    return this.store.purgeAudit(new Date(this.clock().getTime() - retentionDays * DAY_MS));
  }

  /** Purges now and then every `intervalMs` until the returned function is called. */
  keepFor(retentionDays: number, intervalMs: number): () => void {
    const purge = () =>
      this.purge(retentionDays).then(
        (count) => count > 0 && this.log.info({ count, retentionDays }, 'audit events past retention deleted'),
        (error: unknown) => this.log.error({ err: error }, 'audit retention purge failed'),
      );
    void purge();
    const timer = setInterval(purge, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
