/** The structured JSON logger both processes use. Secrets are redacted by path, not by hope. */
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'];

export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
