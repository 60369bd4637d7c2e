/**
 * Where the contract's .proto files are at run time, for server reflection. They
 * ship beside the compiled code (the repo's proto/ folder), found by walking up from
 * this file so the same code works from the sources and from dist/.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PROTO_SERVICE_FILES = [
  'openscim/identity/v1/user_service.proto',
  'openscim/identity/v1/group_service.proto',
  'openscim/identity/v1/discovery_service.proto',
  'openscim/identity/v1/bulk_service.proto',
  'openscim/identity/v1/admin_service.proto',
  'openscim/identity/v1/auth_service.proto',
  'openscim/identity/v1/event_service.proto',
  'openscim/identity/v1/error_reason.proto',
];

export function protoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'proto');
    if (fs.existsSync(path.join(candidate, PROTO_SERVICE_FILES[0]))) return candidate;
  }
  throw new Error('Cannot find the proto/ folder beside the service.');
}
