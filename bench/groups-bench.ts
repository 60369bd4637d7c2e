/**
 * Issue 5's benchmark: grows one group to N members (default 100k) in PATCH batches of
 * 100, as IdPs do, and prints the time per batch as the group grows (it must stay
 * flat); then the Entra lookup `displayName eq … & excludedAttributes=members` on that
 * group next to the same lookup on an empty group; then the whole group read back; then
 * `--writers` clients (16) adding one member each to one group at once (Okta pushes
 * memberships so), which makes the writes of one group take turns.
 * Run: `npm run build && node dist/bench/groups-bench.js --members 100000 [--store mongo] [--writers 16]`.
 */
import { createBenchStore, releaseBenchServers, seedUsers, storeKind } from './bench-store';
import { argument, BenchClient, measure, printTable, startService, type Measurement } from './harness';

const BATCH = 100;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function main(): Promise<void> {
  const members = argument('members', 100_000);
  const writers = argument('writers', 16);
  const store = await createBenchStore(storeKind());
  const ids = await seedUsers(store, members, (i) => ({ userName: `member${i}@example.com` }), { idPrefix: 'member' });
  const service = await startService(store.dataDir, { ...store.env, RATE_LIMIT_ENABLED: 'false' });
  const client = new BenchClient(service.baseUrl, service.token, writers);
  try {
    const big = JSON.parse((await client.request('POST', '/Groups', { displayName: 'Everyone' })).body) as { id: string };
    await client.request('POST', '/Groups', { displayName: 'Nobody' });

    console.log(`\nbuilding a group of ${members} members in PATCH batches of ${BATCH}\n`);
    console.log('| members before the batch | ms per batch (mean of the 10 batches from here) |');
    console.log('|---:|---:|');
    const checkpoints = new Set([0, 1_000, 10_000, 50_000, members - 10 * BATCH].filter((n) => n >= 0 && n < members));
    let window: number[] = [];
    let windowStart = -1;
    for (let start = 0; start < members; start += BATCH) {
      if (checkpoints.has(start)) {
        window = [];
        windowStart = start;
      }
      const value = ids.slice(start, start + BATCH).map((id) => ({ value: id }));
      const before = performance.now();
      const response = await client.request('PATCH', `/Groups/${big.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value }] });
      if (response.status !== 204) throw new Error(`PATCH answered ${response.status}: ${response.body}`);
      if (windowStart >= 0 && window.length < 10) {
        window.push(performance.now() - before);
        if (window.length === 10) {
          console.log(`| ${windowStart} | ${(window.reduce((a, b) => a + b, 0) / window.length).toFixed(2)} |`);
          windowStart = -1;
        }
      }
    }

    const lookup = (name: string) => `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}&excludedAttributes=members`;
    const rows: Measurement[] = [
      await measure(`displayName eq, excludedAttributes=members (${members} members)`, 500, 4, () => client.request('GET', lookup('Everyone'))),
      await measure('displayName eq, excludedAttributes=members (empty group)', 500, 4, () => client.request('GET', lookup('Nobody'))),
    ];
    printTable('Entra group lookup', rows);

    const started = performance.now();
    const whole = await client.request('GET', `/Groups/${big.id}`);
    const count = (JSON.parse(whole.body) as { members: unknown[] }).members.length;
    console.log(`\nGET /Groups/{id} with all ${count} members: ${(performance.now() - started).toFixed(0)} ms, ${(whole.body.length / 1e6).toFixed(1)} MB`);

    const contended = JSON.parse((await client.request('POST', '/Groups', { displayName: 'Contended' })).body) as { id: string };
    const adds = Math.min(members, 20 * writers);
    const addOne = (i: number) =>
      client.request('PATCH', `/Groups/${contended.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ids[i] }] }] });
    printTable('One group, many writers', [await measure(`PATCH add one member, ${writers} at once on one group`, adds, writers, addOne, 204)]);
    const listed = JSON.parse((await client.request('GET', `/Groups/${contended.id}`)).body) as { members?: unknown[] };
    if (listed.members?.length !== adds) throw new Error(`the contended group has ${listed.members?.length ?? 0} members, not ${adds}`);
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
