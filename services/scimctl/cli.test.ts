/** scimctl without a server: help on every command, usage errors, exit codes, offline commands. */
import { COMMANDS, runScimctl } from './cli';
import { parseDuration, parseTime } from './durations';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runScimctl(argv, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('scimctl', () => {
  it.each(COMMANDS.map((command) => [command.words.join(' ')]))('answers `%s --help` with its usage and options', async (words) => {
    const result = await run([...words.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Usage: scimctl ${words}`));
    expect(result.out).toContain('--json');
  });

  it('lists every command for --help and for a command group', async () => {
    const all = await run(['--help']);
    expect(all.code).toBe(0);
    for (const command of COMMANDS) expect(all.out).toContain(command.words.join(' '));
    const tokens = await run(['tokens', '--help']);
    expect(tokens.code).toBe(0);
    expect(tokens.out).toContain('tokens rotate');
    expect(tokens.out).not.toContain('tenants create');
  });

  it('exits with 2 for a usage mistake, and says what to run', async () => {
    for (const argv of [[], ['bogus'], ['tokens'], ['tokens', 'bogus'], ['tokens', 'issue', '--nope'], ['tokens', 'issue'], ['tenants', 'delete', 'acme']]) {
      const result = await run(argv, { SCIMCTL_API_KEY: 'sk_x' });
      expect(result.code).toBe(2);
      expect(result.err).not.toBe('');
    }
    const noConfirm = await run(['tenants', 'delete', 'acme', '--confirm', 'acm'], { SCIMCTL_API_KEY: 'sk_x' });
    expect(noConfirm.err).toContain('--confirm acme');
  });

  it('says which argument or duration it could not take, before calling the service', async () => {
    const env = { SCIMCTL_API_KEY: 'sk_x' };
    const cases: Array<[string[], string]> = [
      [['tokens', 'revoke'], 'Name exactly one token, by its id or as the token itself.'],
      [['credentials', 'revoke', 'a', 'b'], 'Name exactly one credential, by its id or as the key itself.'],
      [['tenants', 'get'], 'Name exactly one tenant id.'],
      [['users', 'get', '--tenant', 'acme'], 'Name exactly one id.'],
      [['receivers', 'remove', '--tenant', 'acme'], 'Name exactly one receiver by its id.'],
      [['tokens', 'issue', '--tenant', 'acme', '--ttl', '1w'], '--ttl takes a duration such as 90d, 24h, 30m or 0, not "1w".'],
      [['tokens', 'rotate', 'Ab12Cd34Ef56', '--tenant', 'acme', '--overlap', 'soon'], '--overlap takes a duration such as 90d, 24h, 30m or 0, not "soon".'],
      [['credentials', 'create', '--access', 'read', '--tenants', '*', '--ttl', '1y'], '--ttl takes a duration such as 365d, not "1y".'],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv, env);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    }
  });

  it('takes an argument that begins with "-" after --, as the argument, not an option', async () => {
    const env = { SCIMCTL_API_KEY: 'sk_x' };
    expect((await run(['receivers', 'remove', '--tenant', 'acme', '-Ab12Cd34Ef5'], env)).code).toBe(2);
    // Past the parser: it tries the call, and nothing listens on port 1.
    const result = await run(['receivers', 'remove', '--tenant', 'acme', '--addr', '127.0.0.1:1', '--', '-Ab12Cd34Ef5'], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot reach the identity service');
  });

  it('needs SCIMCTL_API_KEY to call the service', async () => {
    const result = await run(['tenants', 'list']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('SCIMCTL_API_KEY');
  });

  it('makes a service key offline, alone on stdout', async () => {
    const result = await run(['keygen']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^sk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse((await run(['keygen', '--json'])).out).key).toMatch(/^sk_/);
  });

  it('reads durations and times as operators type them', () => {
    expect(parseDuration('90d')).toEqual({ seconds: 90 * 86400, nanos: 0 });
    expect(parseDuration('0')).toEqual({ seconds: 0, nanos: 0 });
    expect(parseDuration('1w')).toBeUndefined();
    const now = new Date('2024-06-02T00:00:00Z');
    expect(parseTime('24h', now)).toEqual(new Date('2024-06-01T00:00:00Z'));
    expect(parseTime('2024-01-01T10:00:00Z', now)).toEqual(new Date('2024-01-01T10:00:00Z'));
    expect(parseTime('yesterday', now)).toBeUndefined();
  });
});
