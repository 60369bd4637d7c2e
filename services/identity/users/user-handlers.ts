import type { User } from '../../../proto/gen/openscim/identity/v1/user';
import type { UserServiceServer } from '../../../proto/gen/openscim/identity/v1/user_service';
import type { Unary } from '../grpc/unary';
import { listRequestOf } from '../resources/list-request';
import { patchOperationsOf } from '../resources/patch-operations';
import type { ResourceService } from '../resources/resource-service';
import { fromProto, toProto, type ProtoResource } from '../scim/resource/proto-codec';
import type { ScimJson } from '../scim/resource/scim-json';

const asUser = (doc: ScimJson) => toProto(doc) as User;
const input = (user: User | undefined) => fromProto((user ?? {}) as ProtoResource);

export function userHandlers(users: ResourceService, unary: Unary): UserServiceServer {
  return {
    getUser: unary(async (req, ctx) => ({ user: asUser(await users.get(ctx.tenant, req.id ?? '', req.projection)) })),
    listUsers: unary(async (req, ctx) => {
      const page = await users.list(ctx.tenant, listRequestOf(req));
      return { users: page.resources.map(asUser), totalResults: page.total, startIndex: page.startIndex, nextPageToken: page.nextPageToken };
    }),
    createUser: unary(async (req, ctx) => ({ user: asUser(await users.create(ctx, input(req.user), req.projection)) })),
    replaceUser: unary(async (req, ctx) => ({
      user: asUser(await users.replace(ctx, req.id ?? '', input(req.user), req.etag ?? '', req.projection)),
    })),
    patchUser: unary(async (req, ctx) => ({
      user: asUser(await users.patch(ctx, req.id ?? '', patchOperationsOf(req.operations), req.etag ?? '', req.projection)),
    })),
    deleteUser: unary(async (req, ctx) => {
      await users.delete(ctx, req.id ?? '', req.etag ?? '');
      return {};
    }),
  };
}
