import { ConfigError } from '../services/config/env';
import { DEFAULT_GRPC_MAX_MESSAGE_BYTES } from '../services/config/grpc-message-limit';
import { newSecret } from '../services/identity/tenancy/secrets';
import { loadAdapterConfig } from './config';

const env = (extra: Record<string, string> = {}) => ({ IDENTITY_API_KEY: newSecret('key').presented, ...extra });

describe('GRPC_MAX_MESSAGE_BYTES', () => {
  it('defaults to 64 MiB, past grpc-js 4 MiB', () => {
    expect(loadAdapterConfig(env()).grpcMaxMessageBytes).toBe(DEFAULT_GRPC_MAX_MESSAGE_BYTES);
    expect(DEFAULT_GRPC_MAX_MESSAGE_BYTES).toBe(64 * 1024 * 1024);
  });

  it('is bounded', () => {
    expect(() => loadAdapterConfig(env({ GRPC_MAX_MESSAGE_BYTES: '1000' }))).toThrow(/GRPC_MAX_MESSAGE_BYTES must be an integer from 1048576/);
    expect(loadAdapterConfig(env({ GRPC_MAX_MESSAGE_BYTES: String(8 * 1024 * 1024) })).grpcMaxMessageBytes).toBe(8 * 1024 * 1024);
  });

  it('must hold the largest request body, which travels as one gRPC message', () => {
    const tooSmall = env({ GRPC_MAX_MESSAGE_BYTES: String(2 * 1024 * 1024), MAX_BODY_BYTES: String(4 * 1024 * 1024) });
    expect(() => loadAdapterConfig(tooSmall)).toThrow(ConfigError);
    expect(() => loadAdapterConfig(tooSmall)).toThrow(/MAX_BODY_BYTES must not exceed GRPC_MAX_MESSAGE_BYTES/);
  });
});
