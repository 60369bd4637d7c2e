/**
 * Issue 3's benchmark: seeds a tenant with N users (default 100k), then measures over
 * HTTP the lookups IdPs make and the writes they send, on SQLite or (`--store mongo`,
 * issue 6) MongoDB. Run: `npm run build && node dist/bench/query-bench.js --users 10000 [--store mongo]`.
 * The indexed `eq` filters should cost about what GET /Users/{id} costs, and not grow with N.
 */
import { createBenchStore, releaseBenchServers, seedUsers, storeKind } from './bench-store';
import { seededRandom } from '../test/support/seeded-random';
import { argument, BenchClient, measure, printTable, startService, type HttpResult, type Measurement } from './harness';

function userOf(random: () => number): (i: number) => Record<string, unknown> {
  return (i) => ({
    userName: `user${i}@example.com`,
    externalId: `ext-${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${Math.floor(random() * 5000)}` },
    displayName: `User ${i}`,
    active: random() > 0.1,
    emails: [
      { value: `user${i}@example.com`, type: 'work', primary: true },
      { value: `home${i}@example.org`, type: 'home' },
    ],
  });
}

async function main(): Promise<void> {
  const users = argument('users', 100_000);
  const requests = argument('requests', 2000);
  const concurrency = argument('concurrency', 16);
  const store = await createBenchStore(storeKind());
  const seedStarted = performance.now();
  const ids = await seedUsers(store, users, userOf(seededRandom(42)));
  console.log(`seeded ${users} users into ${store.label} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const service = await startService(store.dataDir, { ...store.env, RATE_LIMIT_ENABLED: 'false' });
  const client = new BenchClient(service.baseUrl, service.token, concurrency);
  const get = (pathAndQuery: string) => client.request('GET', pathAndQuery);
  const pick = (i: number) => (i * 7919) % users;
  const filter = (text: string) => `/Users?filter=${encodeURIComponent(text)}`;
  try {
    const rows: Measurement[] = [];
    const run = async (name: string, n: number, request: (i: number) => Promise<HttpResult>) => {
      await measure(name, Math.min(200, n), concurrency, request); // warm-up
      const row = await measure(name, n, concurrency, request);
      rows.push(row);
      // Progress on stderr: on a slow store (FerretDB) a run takes many minutes.
      console.error(`${name}: ${row.perSecond.toFixed(0)} req/s`);
    };
    await run('GET /Users/{id}', requests, (i) => get(`/Users/${ids[pick(i)]}`));
    await run('filter=userName eq', requests, (i) => get(filter(`userName eq "USER${pick(i)}@example.com"`)));
    await run('filter=externalId eq', requests, (i) => get(filter(`externalId eq "ext-${pick(i)}"`)));
    await run('filter=emails[type eq "work"].value eq', requests, (i) =>
      get(filter(`emails[type eq "work"].value eq "user${pick(i)}@example.com"`)),
    );
    await run('filter=userName sw (count=10)', requests, (i) => get(`${filter(`userName sw "user${pick(i)}"`)}&count=10`));
    await run('filter=userName co (count=10)', Math.max(20, requests / 20), (i) => get(`${filter(`userName co "er${pick(i)}@"`)}&count=10`));
    await run('sortBy=name.familyName, page of 100', Math.max(20, requests / 20), (i) =>
      get(`/Users?sortBy=name.familyName&startIndex=${1 + (pick(i) % 50) * 100}&count=100`),
    );
    // Writes (issue 4): each request modifies a different user, as an IdP's sync does.
    const patchOp = (operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });
    await run('PATCH replace active', requests, (i) => client.request('PATCH', `/Users/${ids[pick(i)]}`, patchOp([{ op: 'replace', path: 'active', value: i % 2 === 0 }])));
    await run('PATCH add email', requests, (i) =>
      client.request('PATCH', `/Users/${ids[pick(i)]}`, patchOp([{ op: 'add', path: 'emails', value: [{ value: `extra${i}@example.net`, type: 'other' }] }])),
    );
    await run('PUT (replace)', requests, (i) =>
      client.request('PUT', `/Users/${ids[pick(i)]}`, { userName: `user${pick(i)}@example.com`, displayName: `Replaced ${i}`, active: true }),
    );
    printTable(`${users} users on ${store.label}, ${concurrency} concurrent requests`, rows);

    const walkStarted = performance.now();
    let seen = 0;
    let cursor = '';
    for (;;) {
      const response = await get(`/Users?count=1000&cursor=${encodeURIComponent(cursor)}&attributes=userName`);
      const page = JSON.parse(response.body) as { Resources: unknown[]; nextCursor?: string };
      seen += page.Resources.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const seconds = (performance.now() - walkStarted) / 1000;
    console.log(`\ncursor walk: ${seen} users in ${seconds.toFixed(1)} s (${(seen / seconds).toFixed(0)} users/s, pages of 1000)`);
  } finally {
    client.close();
    await service.stop();
    await store.remove();
    await releaseBenchServers();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
