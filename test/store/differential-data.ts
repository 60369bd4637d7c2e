/**
 * Seeded random data for the differential test: users with the attributes filters
 * reach (names, emails with types and primary, phone numbers, the enterprise
 * extension, externalId, references, booleans, dates through meta), groups nested
 * without cycles, and the same records as the reference evaluator sees them, with
 * meta and the computed members and groups filled in.
 */
import { normalizeResource } from '../../services/identity/scim/resource/normalize';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import { SchemaRegistry } from '../../services/identity/scim/schema/registry';
import { formatVersion } from '../../services/identity/scim/versions';
import type { MemberRef } from '../../services/identity/store/port';
import { seededRandom } from '../support/seeded-random';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const registry = SchemaRegistry.core();

export class Draw {
  constructor(readonly next: () => number) {}
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** `text` with the case of some letters flipped. */
  recase(text: string): string {
    return [...text].map((c) => (this.chance(0.3) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
  }
}

/** Words with case and Unicode folding traps, and every regex metacharacter. */
export const WORDS = [
  'alpha', 'Alpha', 'ALPHA', 'beta', 'Bêta', 'straße', 'STRASSE', 'İstanbul', 'istanbul', 'Åsa', 'åsa', 'café', 'CAFÉ',
  'a.b', 'a*b', 'a+b?', '(x)', '[y]', '{z}', 'c\\d', '$e', '^f', 'g|h', 'new\nline', 'tab\there', '😀smile', 'zed', 'Zed',
  "o'malley", 'O"Brien', 'x', 'X', 'mixed Case Words', 'ÿ', 'Ÿ', 'ǅ', 'σς', 'ΣΣ', 'end.', '.start',
];
const DOMAINS = ['@example.com', '@Example.COM', '@x.org', '.com'];
const TYPES = ['work', 'home', 'other', 'Work'];
const EXTERNAL_IDS = ['ext-1', 'EXT-1', 'ext-2', '42', 'ext.*'];
export const T0 = Date.parse('2024-05-13T04:42:34.000Z');

export interface DataRecord {
  id: string;
  doc: ScimJson;
  created: Date;
  /** How many times it is replaced after insert (its version is one more). */
  rewrites: number;
  members?: MemberRef[];
}

export interface Dataset {
  users: DataRecord[];
  groups: DataRecord[];
  /** The records as the evaluator sees them, by id. */
  userViews: ScimJson[];
  groupViews: ScimJson[];
}

function maybe<T>(draw: Draw, p: number, make: () => T): T | undefined {
  return draw.chance(p) ? make() : undefined;
}

/** A body as a client sends it: JSON, where an undefined member is no member. */
function withoutUndefined(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input));
}

function word(draw: Draw): string {
  return draw.pick(WORDS);
}

function userInput(draw: Draw, index: number, userIds: string[]): unknown {
  const emails = Array.from({ length: draw.int(4) }, () => ({
    value: `${word(draw)}${draw.pick(DOMAINS)}`,
    type: maybe(draw, 0.8, () => draw.pick(TYPES)),
  }));
  if (emails.length > 0 && draw.chance(0.5)) Object.assign(draw.pick(emails), { primary: true });
  return {
    userName: `${draw.recase(word(draw))}-${index}`,
    name: maybe(draw, 0.7, () => ({ givenName: maybe(draw, 0.8, () => word(draw)), familyName: maybe(draw, 0.8, () => word(draw)) })),
    displayName: maybe(draw, 0.4, () => word(draw)),
    title: maybe(draw, 0.5, () => word(draw)),
    nickName: maybe(draw, 0.3, () => word(draw)),
    userType: maybe(draw, 0.5, () => draw.pick(['Employee', 'employee', 'Intern', 'Contractor'])),
    active: maybe(draw, 0.8, () => draw.chance(0.6)),
    externalId: maybe(draw, 0.5, () => draw.pick(EXTERNAL_IDS)),
    profileUrl: maybe(draw, 0.3, () => `https://example.com/${word(draw)}`),
    emails,
    phoneNumbers: Array.from({ length: draw.int(3) }, () => ({ value: `+1 555 ${draw.int(1000)}`, type: maybe(draw, 0.7, () => draw.pick(['work', 'mobile'])) })),
    [ENTERPRISE]: maybe(draw, 0.6, () => ({
      department: maybe(draw, 0.8, () => word(draw)),
      employeeNumber: maybe(draw, 0.5, () => draw.pick(['701984', '0042', '42'])),
      manager: maybe(draw, 0.5, () => ({ value: draw.pick(userIds.length ? userIds : ['nobody']), displayName: maybe(draw, 0.5, () => word(draw)) })),
    })),
  };
}

export function makeDataset(seed: number, userCount: number, groupCount: number): Dataset {
  const draw = new Draw(seededRandom(seed));
  const userSchema = registry.resource('User');
  const groupSchema = registry.resource('Group');
  const users: DataRecord[] = [];
  for (let index = 0; index < userCount; index++) {
    const ids = users.map((user) => user.id);
    users.push({
      id: `u-${String(index).padStart(3, '0')}-${draw.int(100)}`,
      doc: normalizeResource(userSchema, withoutUndefined(userInput(draw, index, ids))).doc,
      created: new Date(T0 + draw.int(10_000) * 1000),
      rewrites: draw.chance(0.2) ? draw.int(12) : 0,
    });
  }
  const groups: DataRecord[] = [];
  for (let index = 0; index < groupCount; index++) {
    // Members are users and earlier groups only, so nesting never makes a cycle.
    const members: MemberRef[] = [
      ...users.filter(() => draw.chance(0.15)).map((user) => ({ value: user.id, type: 'User' as const })),
      ...groups.filter(() => draw.chance(0.25)).map((group) => ({ value: group.id, type: 'Group' as const })),
    ];
    groups.push({
      id: `g-${String(index).padStart(2, '0')}`,
      doc: normalizeResource(groupSchema, withoutUndefined({ displayName: `${word(draw)} ${index}`, externalId: maybe(draw, 0.5, () => draw.pick(EXTERNAL_IDS)) })).doc,
      created: new Date(T0 + draw.int(10_000) * 1000),
      rewrites: draw.chance(0.2) ? draw.int(12) : 0,
      members,
    });
  }
  return { users, groups, userViews: users.map((user) => userView(user, groups, users)), groupViews: groups.map((group) => groupView(group, users, groups)) };
}

/** When a record was last written: each rewrite is a second after the one before. */
export function lastModified(record: DataRecord): Date {
  return new Date(record.created.getTime() + record.rewrites * 1000);
}

function meta(record: DataRecord, resourceType: string): ScimJson {
  return {
    resourceType,
    created: record.created.toISOString(),
    lastModified: lastModified(record).toISOString(),
    version: formatVersion(record.rewrites + 1),
  };
}

function display(id: string, users: DataRecord[], groups: DataRecord[]): string | undefined {
  const user = users.find((candidate) => candidate.id === id);
  if (user) return (user.doc.displayName ?? user.doc.userName) as string;
  return groups.find((candidate) => candidate.id === id)?.doc.displayName as string | undefined;
}

/** User.groups as groups/nesting.ts computes it: each containing group once, at its nearest depth. */
function userView(user: DataRecord, groups: DataRecord[], users: DataRecord[]): ScimJson {
  const found = new Map<string, 'direct' | 'indirect'>();
  let frontier = groups.filter((group) => group.members?.some((member) => member.value === user.id)).map((group) => group.id);
  let type: 'direct' | 'indirect' = 'direct';
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (found.has(id)) continue;
      found.set(id, type);
      next.push(...groups.filter((group) => group.members?.some((member) => member.value === id)).map((group) => group.id));
    }
    frontier = next;
    type = 'indirect';
  }
  const memberships = [...found].map(([value, kind]) => ({ value, display: display(value, users, groups) ?? '', type: kind }));
  return { ...user.doc, id: user.id, meta: meta(user, 'User'), ...(memberships.length ? { groups: memberships } : {}) };
}

function groupView(group: DataRecord, users: DataRecord[], groups: DataRecord[]): ScimJson {
  const members = (group.members ?? []).map((member) => ({ value: member.value, type: member.type, display: display(member.value, users, groups) }));
  return { ...group.doc, id: group.id, meta: meta(group, 'Group'), ...(members.length ? { members } : {}) };
}
