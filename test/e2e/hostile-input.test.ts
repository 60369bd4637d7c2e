/**
 * Hostile and broken input: every request is answered quickly with the right SCIM
 * error, none is a 500, and the service stays healthy afterwards.
 */
import net from 'node:net';
import { ERROR_SCHEMA, scim, startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    rateLimits: false,
    serverLimits: { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 500, maxHeaderBytes: 8 * 1024 },
  });
});
afterAll(() => stack.stop());

const nested = (depth: number) => '{"userName":"deep","x":' + '['.repeat(depth) + ']'.repeat(depth) + '}';

describe('bounded inputs', () => {
  it.each([
    ['deeply nested JSON', { raw: nested(10_000) }, 400, 'invalidSyntax'],
    ['truncated JSON', { raw: '{"userName":' }, 400, 'invalidSyntax'],
    ['JSON with a trailing comma', { raw: '{"userName":"a",}' }, 400, 'invalidSyntax'],
    ['a bare string', { raw: '"userName"' }, 400, 'invalidSyntax'],
    ['null', { raw: 'null' }, 400, 'invalidSyntax'],
    ['binary garbage', { raw: '\u0000\u0001\u0002' }, 400, 'invalidSyntax'],
    ['a 10 MB body', { raw: JSON.stringify({ userName: 'x', title: 'y'.repeat(10_000_000) }) }, 413, undefined],
    ['an array of 100k emails', { body: { userName: 'many', emails: Array.from({ length: 100_000 }, () => ({ value: 'a@b' })) } }, 413, undefined],
    ['a 5,000-character string', { body: { userName: 'long', title: 'x'.repeat(5000) } }, 400, 'invalidValue'],
  ])('refuses %s', async (_name, request, status, scimType) => {
    const response = await scim(stack, 'POST', '/Users', { ...request, headers: { 'Content-Type': 'application/scim+json' } });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}) });
  });

  it.each([
    ['a filter over the length limit', `userName eq "${'x'.repeat(5000)}"`],
    ['a filter nested 1,000 deep', `${'('.repeat(1000)}userName eq "x"${')'.repeat(1000)}`],
    ['a filter of 500 terms', Array.from({ length: 500 }, (_, i) => `userName eq "${i}"`).join(' or ')],
  ])('refuses %s with invalidFilter', async (_name, filter) => {
    const response = await scim(stack, 'POST', '/Users/.search', { body: { filter } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidFilter');
  });

  it('caps an enormous count and serves an enormous startIndex as an empty page', async () => {
    const response = await scim(stack, 'GET', '/Users?count=99999999999&startIndex=99999999999');
    expect(response.status).toBe(200);
    expect(response.body.Resources).toEqual([]);
  });

  it('answers headers over the size limit with 431 and a SCIM body', async () => {
    const response = await scim(stack, 'GET', '/Users', { headers: { 'X-Padding': 'p'.repeat(10_000) } });
    expect(response.status).toBe(431);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '431' });
  });
});

describe('slow clients', () => {
  it('cuts off a client that sends its headers too slowly (slowloris)', async () => {
    const { port } = new URL(stack.baseUrl);
    const socket = net.connect(Number(port), '127.0.0.1');
    const closed = new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += String(chunk)));
      socket.on('close', () => resolve(received));
    });
    socket.write('GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n');
    // Send a header line now and then, never finishing the header section: the server must close first.
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    const received = await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('afterwards', () => {
  it('is healthy and serves requests', async () => {
    const response = await scim(stack, 'POST', '/Users', { body: { userName: 'still-fine' } });
    expect(response.status).toBe(201);
  });
});
