import type { Group } from '../../../proto/gen/openscim/identity/v1/group';
import type { GroupServiceServer } from '../../../proto/gen/openscim/identity/v1/group_service';
import type { Unary } from '../grpc/unary';
import { listRequestOf } from '../resources/list-request';
import { patchOperationsOf } from '../resources/patch-operations';
import type { ResourceService } from '../resources/resource-service';
import { fromProto, toProto, type ProtoResource } from '../scim/resource/proto-codec';
import type { ScimJson } from '../scim/resource/scim-json';
import type { MembershipService } from './membership-service';

const asGroup = (doc: ScimJson) => toProto(doc) as Group;
const input = (group: Group | undefined) => fromProto((group ?? {}) as ProtoResource);

export function groupHandlers(groups: ResourceService, memberships: MembershipService, unary: Unary): GroupServiceServer {
  return {
    getGroup: unary(async (req, ctx) => ({ group: asGroup(await groups.get(ctx.tenant, req.id ?? '', req.projection)) })),
    listGroups: unary(async (req, ctx) => {
      const page = await groups.list(ctx.tenant, listRequestOf(req));
      return { groups: page.resources.map(asGroup), totalResults: page.total, startIndex: page.startIndex, nextPageToken: page.nextPageToken };
    }),
    createGroup: unary(async (req, ctx) => ({ group: asGroup(await groups.create(ctx, input(req.group), req.projection)) })),
    replaceGroup: unary(async (req, ctx) => ({
      group: asGroup(await groups.replace(ctx, req.id ?? '', input(req.group), req.etag ?? '', req.projection)),
    })),
    patchGroup: unary(async (req, ctx) => ({
      group: asGroup(await groups.patch(ctx, req.id ?? '', patchOperationsOf(req.operations), req.etag ?? '', req.projection)),
    })),
    deleteGroup: unary(async (req, ctx) => {
      await groups.delete(ctx, req.id ?? '', req.etag ?? '');
      return {};
    }),
    listGroupMembers: unary(async (req, ctx) => memberships.members(ctx.tenant, req.groupId ?? '', req.pageSize ?? 0, req.pageToken ?? '')),
    listUserGroups: unary(async (req, ctx) => ({ groups: await memberships.groupsOf(ctx.tenant, req.memberId ?? '') })),
  };
}
