/**
 * The production store: MongoDB through the official driver. It needs no replica set
 * and no multi-document transaction: every write is atomic on one document (see
 * mongo-collection.ts and mongo-memberships.ts for what keeps several in step).
 */
import { MongoClient, type Collection, type Db, type W } from 'mongodb';
import type { IdentityStore } from '../port';
import { GROUPS, USERS, type CollectionSpec } from './collection-specs';
import { isFerretDb, positionalElementMatch, QueuedWrites } from './ferretdb';
import { MembershipFilters, type MembershipCollections } from './membership-filters';
import { MongoCollection } from './mongo-collection';
import type { EdgeDocument, ResourceDocument } from './mongo-documents';
import { guarded } from './mongo-errors';
import { elemMatch, MongoFilterCompiler, type ElementMatch } from './mongo-filter';
import { COLLECTIONS, ensureIndexes } from './mongo-indexes';
import { MongoEvents } from './mongo-events';
import { MongoMemberships } from './mongo-memberships';
import { MongoTenancy } from './mongo-tenancy';
import { atomicWrites } from './record-writes';

export interface MongoStoreOptions {
  uri: string;
  database: string;
  /** `majority` (the default) or a number of members; never 0: compare-and-swap needs the answer. */
  writeConcern: W;
  /** How long an operation waits for a usable server (selection, connection) before it fails as unavailable. */
  serverTimeoutMs: number;
  /** How long one operation may wait for the server's answer. */
  socketTimeoutMs: number;
  maxPoolSize: number;
}

export class MongoStore implements IdentityStore {
  readonly users: MongoCollection;
  readonly groups: MongoCollection;
  readonly memberships: MongoMemberships;
  readonly tenancy: MongoTenancy;
  readonly events: MongoEvents;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    ferretDb: boolean,
    uri: string,
  ) {
    const collections: MembershipCollections = {
      users: db.collection<ResourceDocument>(COLLECTIONS.users),
      groups: db.collection<ResourceDocument>(COLLECTIONS.groups),
      memberships: db.collection<EdgeDocument>(COLLECTIONS.memberships),
    };
    const filters = new MembershipFilters(collections);
    const writes = ferretDb ? new QueuedWrites(`${uri} ${db.databaseName}`) : atomicWrites;
    this.memberships = new MongoMemberships(collections, writes);
    // A delete that repair finishes still needs its edges removed, as the delete itself would.
    this.events = new MongoEvents(db, writes, (tenant, id, now) => this.memberships.removeResource(tenant, id, now));
    const collection = (spec: CollectionSpec, records: Collection<ResourceDocument>) => {
      const elements: ElementMatch = ferretDb
        ? (tenant, arrayPath, element) => positionalElementMatch(records, tenant, arrayPath, element)
        : elemMatch;
      return new MongoCollection(records, spec, new MongoFilterCompiler(spec, filters, elements), this.memberships, writes, this.events);
    };
    this.users = collection(USERS, collections.users);
    this.groups = collection(GROUPS, collections.groups);
    this.tenancy = new MongoTenancy(db);
  }

  /** Connects, creates the collections' indexes if they are missing, and learns which server it talks to. */
  static async open(options: MongoStoreOptions): Promise<MongoStore> {
    const client = new MongoClient(options.uri, {
      appName: 'openscim-identity',
      maxPoolSize: options.maxPoolSize,
      serverSelectionTimeoutMS: options.serverTimeoutMs,
      connectTimeoutMS: options.serverTimeoutMs,
      socketTimeoutMS: options.socketTimeoutMs,
      retryReads: true,
      retryWrites: true,
      writeConcern: { w: options.writeConcern },
      // Optional fields that are undefined are left out rather than stored as null.
      ignoreUndefined: true,
    });
    try {
      const db = client.db(options.database);
      const buildInfo = await guarded(() => db.admin().command({ buildInfo: 1 }));
      await guarded(() => ensureIndexes(db));
      return new MongoStore(client, db, isFerretDb(buildInfo), options.uri);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async ping(): Promise<void> {
    await guarded(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
