/**
 * The largest gRPC message the identity service and its clients exchange. grpc-js
 * accepts 4 MiB by default: less than a group of ~40k members read with their display
 * names, a page of large groups, or a /Bulk request near MAX_BODY_BYTES' upper bound.
 * Both processes set the same bound, from GRPC_MAX_MESSAGE_BYTES, in both directions.
 */
import type { ChannelOptions } from '@grpc/grpc-js';
import { envInteger } from './env';

export const DEFAULT_GRPC_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export function grpcMaxMessageBytesFromEnv(env: NodeJS.ProcessEnv): number {
  return envInteger(env, 'GRPC_MAX_MESSAGE_BYTES', DEFAULT_GRPC_MAX_MESSAGE_BYTES, { min: 1024 * 1024, max: 1024 * 1024 * 1024 });
}

/** Channel and server options that send and accept messages up to `maxBytes`. */
export function messageLimitOptions(maxBytes: number): ChannelOptions {
  return { 'grpc.max_receive_message_length': maxBytes, 'grpc.max_send_message_length': maxBytes };
}
