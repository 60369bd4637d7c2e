/**
 * The gRPC calls behind /Users and /Groups, behind one interface so that a single
 * router serves both resource types.
 */
import type { PatchOperation, Projection as ProtoProjection } from '../../proto/gen/openscim/identity/v1/common';
import type { Group } from '../../proto/gen/openscim/identity/v1/group';
import type { User } from '../../proto/gen/openscim/identity/v1/user';
import type { ProtoResource } from '../../services/identity/scim/resource/proto-codec';
import type { CallScope, IdentityClients } from '../grpc/identity-clients';
import type { QueryParams } from '../scim/query-params';
import { SortOrder } from '../../proto/gen/openscim/identity/v1/common';

export interface ListPage {
  resources: ProtoResource[];
  /** Unset on cursor pages after the first. */
  totalResults?: number;
  startIndex: number;
  nextCursor: string;
}

export interface ResourceEndpoint {
  /** The resource type name, as the schema registry knows it. */
  resourceType: 'User' | 'Group';
  /** The URL path under the SCIM base, such as /Users. */
  path: string;
  get(id: string, projection: ProtoProjection, scope: CallScope): Promise<ProtoResource>;
  list(query: QueryParams, scope: CallScope): Promise<ListPage>;
  create(resource: ProtoResource, projection: ProtoProjection, scope: CallScope): Promise<ProtoResource>;
  replace(id: string, resource: ProtoResource, etag: string, projection: ProtoProjection, scope: CallScope): Promise<ProtoResource>;
  patch(id: string, operations: PatchOperation[], etag: string, projection: ProtoProjection, scope: CallScope): Promise<ProtoResource>;
  delete(id: string, etag: string, scope: CallScope): Promise<void>;
}

function listRequest(query: QueryParams) {
  return {
    filter: query.filter,
    sortBy: query.sortBy,
    sortOrder: /^desc/i.test(query.sortOrder) ? SortOrder.SORT_ORDER_DESCENDING : SortOrder.SORT_ORDER_UNSPECIFIED,
    startIndex: query.startIndex ?? 0,
    count: query.count,
    pageToken: query.cursor,
    projection: { attributes: query.attributes, excludedAttributes: query.excludedAttributes },
  };
}

const resource = (message: User | Group | undefined) => (message ?? {}) as ProtoResource;

export function userEndpoint(clients: IdentityClients): ResourceEndpoint {
  const users = clients.users;
  return {
    resourceType: 'User',
    path: '/Users',
    get: async (id, projection, scope) => resource((await clients.call(users.getUser.bind(users), { id, projection }, scope)).user),
    list: async (query, scope) => {
      const page = await clients.call(users.listUsers.bind(users), listRequest(query), scope);
      return { resources: (page.users ?? []).map(resource), totalResults: page.totalResults, startIndex: page.startIndex ?? 1, nextCursor: page.nextPageToken ?? '' };
    },
    create: async (user, projection, scope) =>
      resource((await clients.call(users.createUser.bind(users), { user: user as User, projection }, scope)).user),
    replace: async (id, user, etag, projection, scope) =>
      resource((await clients.call(users.replaceUser.bind(users), { id, user: user as User, etag, projection }, scope)).user),
    patch: async (id, operations, etag, projection, scope) =>
      resource((await clients.call(users.patchUser.bind(users), { id, operations, etag, projection }, scope)).user),
    delete: async (id, etag, scope) => {
      await clients.call(users.deleteUser.bind(users), { id, etag }, scope);
    },
  };
}

export function groupEndpoint(clients: IdentityClients): ResourceEndpoint {
  const groups = clients.groups;
  return {
    resourceType: 'Group',
    path: '/Groups',
    get: async (id, projection, scope) => resource((await clients.call(groups.getGroup.bind(groups), { id, projection }, scope)).group),
    list: async (query, scope) => {
      const page = await clients.call(groups.listGroups.bind(groups), listRequest(query), scope);
      return { resources: (page.groups ?? []).map(resource), totalResults: page.totalResults, startIndex: page.startIndex ?? 1, nextCursor: page.nextPageToken ?? '' };
    },
    create: async (group, projection, scope) =>
      resource((await clients.call(groups.createGroup.bind(groups), { group: group as Group, projection }, scope)).group),
    replace: async (id, group, etag, projection, scope) =>
      resource((await clients.call(groups.replaceGroup.bind(groups), { id, group: group as Group, etag, projection }, scope)).group),
    patch: async (id, operations, etag, projection, scope) =>
      resource((await clients.call(groups.patchGroup.bind(groups), { id, operations, etag, projection }, scope)).group),
    delete: async (id, etag, scope) => {
      await clients.call(groups.deleteGroup.bind(groups), { id, etag }, scope);
    },
  };
}
