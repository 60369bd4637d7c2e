/** The tenancy port (tenancy/tenancy-store.ts) over the same MongoDB database as users and groups. */
import type { Collection, Db, Document } from 'mongodb';
import { AlreadyExistsError } from '../../errors/scim-errors';
import type {
  AuditQuery,
  AuditRecord,
  CredentialChange,
  CredentialRecord,
  TenancyStore,
  TenantChange,
  TenantDeletion,
  TenantPage,
  TenantRecord,
  TokenChange,
  TokenRecord,
} from '../../tenancy/tenancy-store';
import { guarded, violatedIndex } from './mongo-errors';
import { COLLECTIONS } from './mongo-indexes';

type Keyed<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

function keyed<T extends { id: string }>(record: T): Keyed<T> {
  const { id, ...rest } = record;
  return { _id: id, ...rest };
}

function unkeyed<T extends { id: string }>(document: Keyed<T>): T {
  const { _id, ...rest } = document;
  return { id: _id, ...rest } as unknown as T;
}

/** The fields of a change that are set: `update*` methods change only those. */
function setFields(change: object): Document {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}

export class MongoTenancy implements TenancyStore {
  private readonly tenants: Collection<Keyed<TenantRecord>>;
  private readonly tokens: Collection<Keyed<TokenRecord>>;
  private readonly credentials: Collection<Keyed<CredentialRecord>>;
  private readonly audit: Collection<AuditRecord>;

  constructor(private readonly db: Db) {
    this.tenants = db.collection(COLLECTIONS.tenants);
    this.tokens = db.collection(COLLECTIONS.tokens);
    this.credentials = db.collection(COLLECTIONS.credentials);
    this.audit = db.collection(COLLECTIONS.auditEvents);
  }

  async createTenant(tenant: TenantRecord): Promise<void> {
    try {
      await guarded(() => this.tenants.insertOne(keyed(tenant)));
    } catch (error) {
      if (violatedIndex(error, []) !== undefined) throw new AlreadyExistsError('Tenant', tenant.id);
      throw error;
    }
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    const document = await guarded(() => this.tenants.findOne({ _id: id }));
    return document ? unkeyed<TenantRecord>(document) : undefined;
  }

  async listTenants(page: TenantPage): Promise<TenantRecord[]> {
    const id = { $gt: page.after ?? '', ...(page.ids ? { $in: page.ids } : {}) };
    const documents = await guarded(() => this.tenants.find({ _id: id }).sort({ _id: 1 }).limit(page.limit).toArray());
    return documents.map((document) => unkeyed<TenantRecord>(document));
  }

  async updateTenant(id: string, change: TenantChange, now: Date): Promise<TenantRecord | undefined> {
    const document = await guarded(() =>
      this.tenants.findOneAndUpdate({ _id: id }, { $set: { ...setFields(change), updated: now } }, { returnDocument: 'after' }),
    );
    return document ? unkeyed<TenantRecord>(document) : undefined;
  }

  async deleteTenant(id: string): Promise<TenantDeletion | undefined> {
    return guarded(async () => {
      if (!(await this.tenants.findOne({ _id: id }, { projection: { _id: 1 } }))) return undefined;
      // Tokens first, so that nothing authenticates any more; the tenant record last, so that a retry finishes the job.
      const tokens = await this.tokens.deleteMany({ tenantId: id });
      const users = await this.db.collection(COLLECTIONS.users).deleteMany({ tenant: id });
      const groups = await this.db.collection(COLLECTIONS.groups).deleteMany({ tenant: id });
      await this.db.collection(COLLECTIONS.memberships).deleteMany({ tenant: id });
      // The change feed's head keeps its position, so that a tenant created again never reuses one.
      await this.db.collection<{ _id: string }>(COLLECTIONS.eventHeads).updateOne({ _id: id }, { $unset: { event: '' } });
      await this.db.collection(COLLECTIONS.events).deleteMany({ tenant: id });
      await this.db.collection(COLLECTIONS.eventIntents).deleteMany({ 'event.tenant': id });
      await this.db.collection(COLLECTIONS.eventReceivers).deleteMany({ tenant: id });
      await this.tenants.deleteOne({ _id: id });
      return { users: users.deletedCount, groups: groups.deletedCount, tokens: tokens.deletedCount };
    });
  }

  async saveToken(token: TokenRecord): Promise<void> {
    await guarded(() => this.tokens.replaceOne({ _id: token.id }, keyed(token), { upsert: true }));
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    const document = await guarded(() => this.tokens.findOne({ _id: id }));
    return document ? unkeyed<TokenRecord>(document) : undefined;
  }

  async listTokens(tenantId: string): Promise<TokenRecord[]> {
    const documents = await guarded(() => this.tokens.find({ tenantId }).sort({ created: -1, _id: -1 }).toArray());
    return documents.map((document) => unkeyed<TokenRecord>(document));
  }

  async updateToken(id: string, change: TokenChange): Promise<TokenRecord | undefined> {
    const document = await guarded(() => this.tokens.findOneAndUpdate({ _id: id }, { $set: setFields(change) }, { returnDocument: 'after' }));
    return document ? unkeyed<TokenRecord>(document) : undefined;
  }

  async deleteToken(id: string): Promise<boolean> {
    return (await guarded(() => this.tokens.deleteOne({ _id: id }))).deletedCount > 0;
  }

  async saveCredential(credential: CredentialRecord): Promise<void> {
    await guarded(() => this.credentials.replaceOne({ _id: credential.id }, keyed(credential), { upsert: true }));
  }

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    const document = await guarded(() => this.credentials.findOne({ _id: id }));
    return document ? unkeyed<CredentialRecord>(document) : undefined;
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    const documents = await guarded(() => this.credentials.find({}).sort({ created: -1, _id: -1 }).toArray());
    return documents.map((document) => unkeyed<CredentialRecord>(document));
  }

  async updateCredential(id: string, change: CredentialChange): Promise<CredentialRecord | undefined> {
    const document = await guarded(() =>
      this.credentials.findOneAndUpdate({ _id: id }, { $set: setFields(change) }, { returnDocument: 'after' }),
    );
    return document ? unkeyed<CredentialRecord>(document) : undefined;
  }

  async deleteCredential(id: string): Promise<boolean> {
    return (await guarded(() => this.credentials.deleteOne({ _id: id }))).deletedCount > 0;
  }

  async appendAudit(event: AuditRecord): Promise<void> {
    // A copy: insertOne would add the _id it generates to the caller's record.
    await guarded(() => this.audit.insertOne({ ...event }));
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const filter: Document = {};
    if (query.tenantId !== undefined) filter.tenantId = { $eq: query.tenantId };
    if (query.resourceType) filter.resourceType = { $eq: query.resourceType };
    if (query.resourceId) filter.resourceId = { $eq: query.resourceId };
    if (query.actor) filter.actor = { $eq: query.actor };
    if (query.since || query.until) filter.time = { ...(query.since ? { $gte: query.since } : {}), ...(query.until ? { $lt: query.until } : {}) };
    if (query.beforeId) filter.id = { $lt: query.beforeId };
    return guarded(() => this.audit.find(filter, { projection: { _id: 0 } }).sort({ id: -1 }).limit(query.limit).toArray());
  }

  async purgeAudit(before: Date): Promise<number> {
    return (await guarded(() => this.audit.deleteMany({ time: { $lt: before } }))).deletedCount;
  }
}
