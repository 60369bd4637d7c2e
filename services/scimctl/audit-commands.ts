/** scimctl audit list: who changed what, when, from where. */
import { AuditEvent, auditOutcomeToJSON } from '../../proto/gen/openscim/identity/v1/tenancy';
import { UsageError, optionalString, type Command, type CommandInput } from './command';
import { parseTime } from './durations';
import { table } from './output';

function time(input: CommandInput, name: string): Date | undefined {
  const text = optionalString(input, name);
  if (text === undefined) return undefined;
  const parsed = parseTime(text, input.now);
  if (!parsed) throw new UsageError(`--${name} takes an ISO 8601 time or a duration ago such as 24h, not ${JSON.stringify(text)}.`);
  return parsed;
}

export const auditCommands: Command[] = [
  {
    words: ['audit', 'list'],
    summary: 'Read the audit trail, newest first.',
    args: [],
    options: {
      tenant: { type: 'string', placeholder: '<tenant-id>', description: "Only this tenant's events (default: every tenant's; needs a key on every tenant)." },
      'resource-type': { type: 'string', placeholder: '<type>', description: 'User, Group, Tenant, Token or ServiceCredential.' },
      'resource-id': { type: 'string', placeholder: '<id>', description: 'Only events on this resource.' },
      actor: { type: 'string', placeholder: '<actor>', description: 'Only events by this actor, e.g. token:Ab12Cd34Ef56.' },
      since: { type: 'string', placeholder: '<time | 24h>', description: 'Only events at or after this time.' },
      until: { type: 'string', placeholder: '<time | 1h>', description: 'Only events before this time.' },
      limit: { type: 'string', placeholder: '<n>', description: 'At most this many events (default 50).' },
    },
    details: ['Who changed user 2819c223 in the last day: scimctl audit list --tenant acme --resource-id 2819c223 --since 24h'],
    connects: true,
    run: async (input, connection) => {
      const limitText = optionalString(input, 'limit') ?? '50';
      if (!/^\d{1,6}$/.test(limitText) || Number(limitText) === 0) throw new UsageError('--limit takes a whole number above 0.');
      const limit = Number(limitText);
      const filters = {
        tenantId: optionalString(input, 'tenant') ?? '',
        resourceType: optionalString(input, 'resource-type') ?? '',
        resourceId: optionalString(input, 'resource-id') ?? '',
        actor: optionalString(input, 'actor') ?? '',
        startTime: time(input, 'since'),
        endTime: time(input, 'until'),
      };
      const admin = connection.admin;
      const events: AuditEvent[] = [];
      let pageToken = '';
      do {
        const page = await connection.call(admin.listAuditEvents.bind(admin), { ...filters, pageSize: Math.min(1000, limit - events.length), pageToken });
        events.push(...(page.events ?? []));
        pageToken = page.nextPageToken ?? '';
      } while (pageToken && events.length < limit);
      const outcome = (event: AuditEvent) =>
        event.outcome === undefined ? undefined : auditOutcomeToJSON(event.outcome).replace(/^AUDIT_OUTCOME_/, '').toLowerCase() + (event.failureReason ? ` (${event.failureReason})` : '');
      return {
        json: events.map((event) => AuditEvent.toJSON(event)),
        lines: table(
          ['TIME', 'TENANT', 'ACTOR', 'ACTION', 'RESOURCE', 'ATTRIBUTES', 'OUTCOME', 'REQUEST'],
          events.map((e) => [e.time, e.tenantId, e.actor, e.action, `${e.resourceType}/${e.resourceId}`, (e.attributes ?? []).join(','), outcome(e), e.requestId]),
        ),
      };
    },
  },
];
