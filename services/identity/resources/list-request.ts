import { SortOrder } from '../../../proto/gen/openscim/identity/v1/common';
import type { ListGroupsRequest } from '../../../proto/gen/openscim/identity/v1/group_service';
import type { ListUsersRequest } from '../../../proto/gen/openscim/identity/v1/user_service';
import type { ListRequest } from './resource-service';

/** The SCIM query parameters of a ListUsers or ListGroups request (their fields are the same). */
export function listRequestOf(request: ListUsersRequest | ListGroupsRequest): ListRequest {
  return {
    filter: request.filter,
    sortBy: request.sortBy,
    descending: request.sortOrder === SortOrder.SORT_ORDER_DESCENDING,
    startIndex: request.startIndex,
    count: request.count,
    pageToken: request.pageToken,
    projection: request.projection,
  };
}
