/**
 * Group membership as edge documents (mongo-documents.ts), never an array in the
 * group. Without multi-document transactions, a membership change is a run of
 * single-document writes, each idempotent so that a retry finishes what a failure
 * left: an edge is added by an upsert with $setOnInsert and removed by a delete.
 *
 * A resource that is deleted while a concurrent write adds it as a member (or adds
 * members to it, when it is a group) could otherwise leave an edge naming a record
 * that is gone. Every write that adds edges therefore checks afterwards that their
 * ends still exist and removes the edges of any that does not: a delete removes the
 * record before its edges (removeResource), so whichever write comes last sees it.
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { foldCase } from '../../scim/filter/compare-strings';
import type { GroupMembershipView, MemberDelta, MemberRef, MembershipStore, MemberView, ResourceKind } from '../port';
import { chunks, edgeKey, edgesOfGroups, edgesOfMembers, versionFields, type EdgeDocument, type ResourceDocument } from './mongo-documents';
import { guarded, violatedIndex } from './mongo-errors';
import { INDEXES } from './mongo-indexes';
import type { MembershipCollections } from './membership-filters';
import { recordKey, type RecordWrites } from './record-writes';

/** Called between two chunks of edge writes: the group's writer renews its outbox (mongo-collection.ts). */
export type Progress = () => Promise<void>;

/** Concurrent upserts of one edge can both try to insert it; the loser retries as an update. */
const UPSERT_ATTEMPTS = 3;

export class MongoMemberships implements MembershipStore {
  private readonly users: Collection<ResourceDocument>;
  private readonly groups: Collection<ResourceDocument>;
  private readonly edges: Collection<EdgeDocument>;

  constructor(
    collections: MembershipCollections,
    private readonly writes: RecordWrites,
  ) {
    this.users = collections.users;
    this.groups = collections.groups;
    this.edges = collections.memberships;
  }

  async resolveMembers(tenant: string, ids: string[]): Promise<Map<string, ResourceKind>> {
    const found = new Map<string, ResourceKind>();
    await guarded(async () => {
      for (const part of chunks([...new Set(ids)])) {
        for (const [kind, collection] of [['User', this.users], ['Group', this.groups]] as const) {
          for await (const record of collection.find({ tenant, id: { $in: part } }, { projection: { id: 1 } })) found.set(record.id, kind);
        }
      }
    });
    return found;
  }

  async listMembers(tenant: string, groupId: string, page?: { after?: string; limit: number }): Promise<MemberView[]> {
    return guarded(async () => {
      const query = { tenant, ...edgesOfGroups([groupId]), ...(page?.after === undefined ? {} : { member: { $gt: page.after } }) };
      const cursor = this.edges.find(query, { projection: { member: 1, type: 1 } }).sort({ member: 1 });
      const edges = await (page ? cursor.limit(page.limit) : cursor).toArray();
      const displays = new Map<string, string>();
      for (const [kind, collection] of [['User', this.users], ['Group', this.groups]] as const) {
        const ids = edges.filter((edge) => edge.type === kind).map((edge) => edge.member);
        for (const part of chunks(ids)) {
          for await (const record of collection.find({ tenant, id: { $in: part } }, { projection: { id: 1, display: 1 } })) {
            if (record.display) displays.set(`${kind}:${record.id}`, record.display);
          }
        }
      }
      return edges.map((edge) => {
        const display = displays.get(`${edge.type}:${edge.member}`);
        return { value: edge.member, type: edge.type, ...(display === undefined ? {} : { display }) };
      });
    });
  }

  async listGroupsOf(tenant: string, memberId: string): Promise<GroupMembershipView[]> {
    return guarded(async () => {
      const edges = await this.edges.find({ tenant, ...edgesOfMembers([memberId]) }, { projection: { group: 1 } }).sort({ group: 1 }).toArray();
      const displays = new Map<string, string>();
      for (const part of chunks(edges.map((edge) => edge.group))) {
        for await (const group of this.groups.find({ tenant, id: { $in: part } }, { projection: { id: 1, display: 1 } })) {
          displays.set(group.id, group.display ?? '');
        }
      }
      // An edge whose group is gone (a delete that has not finished) names no group.
      return edges.filter((edge) => displays.has(edge.group)).map((edge) => ({ value: edge.group, display: displays.get(edge.group) ?? '' }));
    });
  }

  /** The ids of the group's direct members in id order, from its edges alone: no lookup of displays. */
  async memberIds(tenant: string, groupId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    await guarded(async () => {
      for await (const edge of this.edges.find({ tenant, ...edgesOfGroups([groupId]) }, { projection: { member: 1 } }).sort({ member: 1 })) ids.add(edge.member);
    });
    return ids;
  }

  /** Adds and removes edges by id: O(changes), whatever the group's size. */
  async applyDelta(tenant: string, groupId: string, delta: MemberDelta, progress?: Progress): Promise<void> {
    const added: string[] = [];
    const steps = [
      ...chunks(delta.remove).map((part) => async () => void (await this.edges.deleteMany({ tenant, ...edgesOfGroups([groupId]), member: { $in: part } }))),
      ...chunks(delta.add).map((part) => async () => void added.push(...(await this.upsertEdges(tenant, groupId, part)))),
    ];
    await guarded(async () => {
      for (const [index, step] of steps.entries()) {
        // Between chunks only: a change of one chunk (most PATCHes) costs no renewal.
        if (index > 0) await progress?.();
        await step();
      }
      if (added.length > 0) await this.dropDanglingEdges(tenant, groupId, added);
    });
  }

  /** Upserts edges from the group to `members`; returns the members whose edge this call created. */
  private async upsertEdges(tenant: string, groupId: string, members: MemberRef[]): Promise<string[]> {
    const operations: AnyBulkWriteOperation<EdgeDocument>[] = members.map((member) => ({
      updateOne: {
        filter: edgeKey(tenant, groupId, member.value),
        update: { $setOnInsert: { type: member.type, '_fold.member': foldCase(member.value) } },
        upsert: true,
      },
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.edges.bulkWrite(operations, { ordered: false });
        return Object.keys(result.upsertedIds).map((index) => members[Number(index)].value);
      } catch (error) {
        if (attempt >= UPSERT_ATTEMPTS || violatedIndex(error, INDEXES.memberships) === undefined) throw error;
      }
    }
  }

  /** After adding edges: removes those whose group or member was deleted meanwhile (see the header). */
  private async dropDanglingEdges(tenant: string, groupId: string, added: string[]): Promise<void> {
    if (!(await this.groups.findOne({ tenant, id: groupId }, { projection: { _id: 1 } }))) {
      await this.edges.deleteMany({ tenant, ...edgesOfGroups([groupId]) });
      return;
    }
    const existing = await this.resolveMembers(tenant, added);
    const gone = added.filter((member) => !existing.has(member));
    for (const part of chunks(gone)) await this.edges.deleteMany({ tenant, ...edgesOfGroups([groupId]), member: { $in: part } });
  }

  /**
   * After a resource is deleted: bumps the version of each group that had it as a member
   * (its representation changed), then removes every edge that names it. Idempotent, so
   * that a delete retried after a failure between these steps finishes them.
   */
  async removeResource(tenant: string, id: string, now: Date): Promise<void> {
    await guarded(async () => {
      const parents = await this.edges.find({ tenant, ...edgesOfMembers([id]) }, { projection: { group: 1 } }).toArray();
      for (const parent of parents) await this.bumpVersion(tenant, parent.group, now);
      await this.edges.deleteMany({ tenant, ...edgesOfMembers([id]) });
      await this.edges.deleteMany({ tenant, ...edgesOfGroups([id]) });
    });
  }

  /** A compare-and-swap on the group's version, retried until it lands or the group is gone. */
  private async bumpVersion(tenant: string, groupId: string, now: Date): Promise<void> {
    for (;;) {
      const group = await this.groups.findOne({ tenant, id: groupId }, { projection: { version: 1 } });
      if (!group) return;
      const result = await this.writes.run(recordKey(this.groups.collectionName, tenant, groupId), () =>
        this.groups.updateOne({ tenant, id: groupId, version: group.version }, { $set: versionFields(group.version + 1, now) }),
      );
      if (result.matchedCount === 1) return;
    }
  }
}
