/**
 * The tenancy port's contract (services/identity/tenancy/tenancy-store.ts), written
 * once and run against every store: `tenancyContract('SQLite', open)` in a runner
 * per store. `open` gives a fresh, empty store; the suite closes it.
 */
import { AlreadyExistsError } from '../../services/identity/errors/scim-errors';
import type { IdentityStore } from '../../services/identity/store/port';
import type { AuditRecord, CredentialRecord, TenantRecord, TokenRecord } from '../../services/identity/tenancy/tenancy-store';

const at = (iso: string) => new Date(iso);
const HASH = 'a'.repeat(64);

function tenant(id: string, overrides: Partial<TenantRecord> = {}): TenantRecord {
  return { id, displayName: `Tenant ${id}`, disabled: false, created: at('2024-01-01T00:00:00.123Z'), updated: at('2024-01-01T00:00:00.123Z'), ...overrides };
}

function token(id: string, tenantId: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return { id, tenantId, secretHash: HASH, description: `token ${id}`, created: at('2024-02-01T00:00:00.001Z'), expires: at('2024-05-01T00:00:00.002Z'), bootstrap: false, ...overrides };
}

function credential(id: string, overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  return { id, secretHash: HASH, description: `credential ${id}`, access: 'read', tenants: ['acme'], created: at('2024-03-01T00:00:00.000Z'), bootstrap: false, ...overrides };
}

function event(id: string, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id,
    tenantId: 'acme',
    time: at('2024-04-01T10:00:00.000Z'),
    actor: 'token:Ab12Cd34Ef56',
    credentialId: 'Cred00000001',
    action: 'replace',
    resourceType: 'User',
    resourceId: 'u1',
    attributes: ['active', 'emails'],
    outcome: 'success',
    requestId: 'req-1',
    ...overrides,
  };
}

export function tenancyContract(storeName: string, open: () => Promise<IdentityStore>): void {
  describe(`the tenancy port on ${storeName}`, () => {
    let store: IdentityStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    describe('tenants', () => {
      it('creates a tenant and reads it back to the millisecond', async () => {
        await store.tenancy.createTenant(tenant('acme', { disabled: true }));
        expect(await store.tenancy.getTenant('acme')).toEqual(tenant('acme', { disabled: true }));
        expect(await store.tenancy.getTenant('nope')).toBeUndefined();
      });

      it('refuses a second tenant with the same id with AlreadyExistsError', async () => {
        await store.tenancy.createTenant(tenant('acme'));
        await expect(store.tenancy.createTenant(tenant('acme', { displayName: 'again' }))).rejects.toBeInstanceOf(AlreadyExistsError);
        expect((await store.tenancy.getTenant('acme'))?.displayName).toBe('Tenant acme');
      });

      it('lists in order of id, after a given id, limited, and only the ids asked for', async () => {
        for (const id of ['c', 'a', 'd', 'b']) await store.tenancy.createTenant(tenant(id));
        const ids = async (page: Parameters<IdentityStore['tenancy']['listTenants']>[0]) => (await store.tenancy.listTenants(page)).map((t) => t.id);
        expect(await ids({ limit: 10 })).toEqual(['a', 'b', 'c', 'd']);
        expect(await ids({ after: 'b', limit: 1 })).toEqual(['c']);
        expect(await ids({ ids: ['d', 'b', 'zz'], limit: 10 })).toEqual(['b', 'd']);
        expect(await ids({ ids: [], limit: 10 })).toEqual([]);
      });

      it('updates only the fields given, and the update time', async () => {
        await store.tenancy.createTenant(tenant('acme'));
        const later = at('2024-06-01T00:00:00.456Z');
        expect(await store.tenancy.updateTenant('acme', { disabled: true }, later)).toEqual(tenant('acme', { disabled: true, updated: later }));
        const renamed = await store.tenancy.updateTenant('acme', { displayName: 'Acme Corp' }, later);
        expect(renamed).toMatchObject({ displayName: 'Acme Corp', disabled: true });
        expect(await store.tenancy.updateTenant('nope', { disabled: true }, later)).toBeUndefined();
      });

      it('deletes a tenant with its users, groups, memberships and tokens, keeps its audit trail, and touches no other tenant', async () => {
        for (const id of ['acme', 'other']) {
          await store.tenancy.createTenant(tenant(id));
          const now = new Date();
          await store.users.insert(id, 'u1', { doc: { userName: 'bjensen' } }, now);
          await store.users.insert(id, 'u2', { doc: { userName: 'jsmith', emails: [{ value: 'j@x.com' }] } }, now);
          await store.groups.insert(id, 'g1', { doc: { displayName: 'Sales' }, members: [{ value: 'u1', type: 'User' }] }, now);
          await store.tenancy.saveToken(token(`tok-${id}`, id));
          await store.tenancy.appendAudit(event(`01AUDIT${id}`, { tenantId: id }));
        }
        expect(await store.tenancy.deleteTenant('acme')).toEqual({ users: 2, groups: 1, tokens: 1 });
        expect(await store.tenancy.getTenant('acme')).toBeUndefined();
        expect(await store.users.get('acme', 'u1')).toBeUndefined();
        expect(await store.groups.get('acme', 'g1')).toBeUndefined();
        expect(await store.memberships.listGroupsOf('acme', 'u1')).toEqual([]);
        expect(await store.tenancy.getToken('tok-acme')).toBeUndefined();
        expect((await store.tenancy.listAudit({ tenantId: 'acme', limit: 10 })).map((e) => e.id)).toEqual(['01AUDITacme']);

        expect(await store.tenancy.getTenant('other')).toBeDefined();
        expect(await store.users.get('other', 'u2')).toBeDefined();
        expect(await store.memberships.listMembers('other', 'g1')).toEqual([{ value: 'u1', type: 'User', display: 'bjensen' }]);
        expect(await store.tenancy.getToken('tok-other')).toBeDefined();
        expect(await store.tenancy.deleteTenant('acme')).toBeUndefined();
      });
    });

    describe('tokens', () => {
      it('saves a token and reads it back by id alone, every field to the millisecond', async () => {
        const full = token('Ab12Cd34Ef56', 'acme', { lastUsed: at('2024-02-02T00:00:00.003Z'), revoked: at('2024-02-03T00:00:00.004Z'), replacedBy: 'Zz99Yy88Xx77' });
        await store.tenancy.saveToken(full);
        expect(await store.tenancy.getToken('Ab12Cd34Ef56')).toEqual(full);
        const bare = token('bootstrap', 'acme', { expires: undefined, bootstrap: true });
        await store.tenancy.saveToken(bare);
        expect(await store.tenancy.getToken('bootstrap')).toEqual(bare);
        expect(await store.tenancy.getToken('missing')).toBeUndefined();
      });

      it('replaces the token with the same id, even in another tenant', async () => {
        await store.tenancy.saveToken(token('bootstrap', 'acme'));
        await store.tenancy.saveToken(token('bootstrap', 'other', { secretHash: 'b'.repeat(64) }));
        expect(await store.tenancy.getToken('bootstrap')).toMatchObject({ tenantId: 'other', secretHash: 'b'.repeat(64) });
        expect(await store.tenancy.listTokens('acme')).toEqual([]);
      });

      it("lists a tenant's tokens newest first, and only that tenant's", async () => {
        await store.tenancy.saveToken(token('old', 'acme', { created: at('2024-01-01T00:00:00.000Z') }));
        await store.tenancy.saveToken(token('new', 'acme', { created: at('2024-03-01T00:00:00.000Z') }));
        await store.tenancy.saveToken(token('foreign', 'other'));
        expect((await store.tenancy.listTokens('acme')).map((t) => t.id)).toEqual(['new', 'old']);
      });

      it('updates only the fields given, so that recording a use never undoes a revocation', async () => {
        await store.tenancy.saveToken(token('t1', 'acme'));
        const revoked = at('2024-02-10T00:00:00.000Z');
        await store.tenancy.updateToken('t1', { revoked });
        const used = await store.tenancy.updateToken('t1', { lastUsed: at('2024-02-11T00:00:00.000Z') });
        expect(used).toEqual(token('t1', 'acme', { revoked, lastUsed: at('2024-02-11T00:00:00.000Z') }));
        const rotated = await store.tenancy.updateToken('t1', { expires: at('2024-02-12T00:00:00.000Z'), replacedBy: 't2' });
        expect(rotated).toMatchObject({ expires: at('2024-02-12T00:00:00.000Z'), replacedBy: 't2', revoked });
        expect(await store.tenancy.updateToken('missing', { revoked })).toBeUndefined();
      });

      it('deletes a token', async () => {
        await store.tenancy.saveToken(token('t1', 'acme'));
        expect(await store.tenancy.deleteToken('t1')).toBe(true);
        expect(await store.tenancy.deleteToken('t1')).toBe(false);
        expect(await store.tenancy.getToken('t1')).toBeUndefined();
      });
    });

    describe('service credentials', () => {
      it('saves, reads, replaces, lists newest first and deletes', async () => {
        const full = credential('c1', { access: 'admin', tenants: ['*'], expires: at('2025-01-01T00:00:00.000Z'), bootstrap: true });
        await store.tenancy.saveCredential(full);
        await store.tenancy.saveCredential(credential('c2', { created: at('2024-09-01T00:00:00.000Z'), tenants: ['a', 'b'] }));
        expect(await store.tenancy.getCredential('c1')).toEqual(full);
        expect((await store.tenancy.listCredentials()).map((c) => c.id)).toEqual(['c2', 'c1']);
        await store.tenancy.saveCredential({ ...full, access: 'read' });
        expect((await store.tenancy.getCredential('c1'))?.access).toBe('read');
        expect(await store.tenancy.deleteCredential('c1')).toBe(true);
        expect(await store.tenancy.deleteCredential('c1')).toBe(false);
        expect(await store.tenancy.getCredential('c1')).toBeUndefined();
      });

      it('updates only the fields given', async () => {
        await store.tenancy.saveCredential(credential('c1'));
        const revoked = at('2024-03-02T00:00:00.000Z');
        await store.tenancy.updateCredential('c1', { revoked });
        const used = await store.tenancy.updateCredential('c1', { lastUsed: at('2024-03-03T00:00:00.000Z') });
        expect(used).toEqual(credential('c1', { revoked, lastUsed: at('2024-03-03T00:00:00.000Z') }));
        expect(await store.tenancy.updateCredential('missing', { revoked })).toBeUndefined();
      });
    });

    describe('the audit trail', () => {
      const events = [
        event('01A', { time: at('2024-04-01T10:00:00.000Z') }),
        event('01B', { time: at('2024-04-02T10:00:00.000Z'), resourceType: 'Group', resourceId: 'g1', attributes: ['members'] }),
        event('01C', { time: at('2024-04-03T10:00:00.000Z'), actor: 'credential:Cred00000001', outcome: 'failure', failureReason: 'UNIQUENESS', attributes: [] }),
        event('01D', { time: at('2024-04-04T10:00:00.000Z'), tenantId: 'other', traceId: 'f'.repeat(32), sourceAddress: '10.0.0.7' }),
        event('01E', { time: at('2024-04-05T10:00:00.000Z'), tenantId: '', resourceType: 'ServiceCredential', resourceId: 'Cred00000002' }),
      ];
      const ids = async (query: Parameters<IdentityStore['tenancy']['listAudit']>[0]) => (await store.tenancy.listAudit(query)).map((e) => e.id);

      beforeEach(async () => {
        for (const e of events) await store.tenancy.appendAudit(e);
      });

      it('reads every field back, newest first', async () => {
        expect(await store.tenancy.listAudit({ limit: 10 })).toEqual([...events].reverse());
      });

      it('filters by tenant (including no tenant), resource, actor and time, and pages by id', async () => {
        expect(await ids({ tenantId: 'acme', limit: 10 })).toEqual(['01C', '01B', '01A']);
        expect(await ids({ tenantId: '', limit: 10 })).toEqual(['01E']);
        expect(await ids({ resourceType: 'Group', limit: 10 })).toEqual(['01B']);
        expect(await ids({ resourceId: 'u1', tenantId: 'acme', limit: 10 })).toEqual(['01C', '01A']);
        expect(await ids({ actor: 'credential:Cred00000001', limit: 10 })).toEqual(['01C']);
        expect(await ids({ since: at('2024-04-02T10:00:00.000Z'), until: at('2024-04-04T10:00:00.000Z'), limit: 10 })).toEqual(['01C', '01B']);
        expect(await ids({ limit: 2 })).toEqual(['01E', '01D']);
        expect(await ids({ beforeId: '01D', limit: 2 })).toEqual(['01C', '01B']);
      });

      it('purges events older than a time and says how many', async () => {
        expect(await store.tenancy.purgeAudit(at('2024-04-03T10:00:00.000Z'))).toBe(2);
        expect(await ids({ limit: 10 })).toEqual(['01E', '01D', '01C']);
      });
    });
  });
}
