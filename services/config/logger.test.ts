import { Writable } from 'node:stream';
import { createLogger } from './logger';

/** A logger at the most verbose level whose JSON lines are kept. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('test', 'trace', stream), lines };
}

describe('log redaction', () => {
  it.each([
    ['a password', { password: 'hunter2-secret' }],
    ['a nested password', { user: { password: 'hunter2-secret' } }],
    ['an Authorization header', { req: { headers: { authorization: 'Bearer hunter2-secret' } } }],
    ['a capitalised Authorization header', { headers: { Authorization: 'Bearer hunter2-secret' } }],
    ['a token', { config: { token: 'hunter2-secret' } }],
    ['a bootstrap token', { bootstrapToken: 'hunter2-secret' }],
    ['a client secret', { idp: { clientSecret: 'hunter2-secret' } }],
    ['a password hash', { row: { password_hash: 'scrypt$hunter2-secret' } }],
    ['a cookie', { req: { headers: { cookie: 'session=hunter2-secret' } } }],
  ])('never writes %s', (_name, fields) => {
    const { log, lines } = capture();
    log.info(fields, 'something happened');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('hunter2-secret');
    expect(lines[0]).toContain('[redacted]');
  });

  it('adds no trace ids outside a span', () => {
    const { log, lines } = capture();
    log.info('no span here');
    expect(JSON.parse(lines[0])).not.toHaveProperty('trace_id');
  });
});
