import type { ListGroupsRequest } from '../../../proto/gen/openscim/identity/v1/group_service';
import type { ListUsersRequest } from '../../../proto/gen/openscim/identity/v1/user_service';
import type { ListRequest } from './resource-service';

/** The SCIM query parameters of a ListUsers or ListGroups request (their fields are the same). */
export function listRequestOf(request: ListUsersRequest | ListGroupsRequest): ListRequest {
  return {
    startIndex: request.startIndex,
    count: request.count,
    projection: request.projection,
  };
}
