/**
 * The SQLite schema, as numbered migrations applied in order at start. A migration
 * is never edited once released: add a new one. Every table and index starts with
 * tenant_id, so every query is confined to one tenant by its index.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'users, groups and membership edges',
    sql: `
      CREATE TABLE users (
        tenant_id     TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        user_name_key TEXT    NOT NULL, -- lower-cased userName: uniqueness is case-insensitive
        external_id   TEXT,
        display       TEXT,             -- displayName, else userName: what members[].display shows
        version       INTEGER NOT NULL,
        created       TEXT    NOT NULL,
        last_modified TEXT    NOT NULL,
        password_hash TEXT,
        doc           TEXT    NOT NULL, -- canonical SCIM JSON without id, meta and password
        PRIMARY KEY (tenant_id, id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX users_user_name ON users (tenant_id, user_name_key);
      CREATE INDEX users_external_id ON users (tenant_id, external_id);

      CREATE TABLE groups (
        tenant_id     TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        display_key   TEXT    NOT NULL, -- lower-cased displayName
        external_id   TEXT,
        display       TEXT    NOT NULL,
        version       INTEGER NOT NULL,
        created       TEXT    NOT NULL,
        last_modified TEXT    NOT NULL,
        doc           TEXT    NOT NULL, -- canonical SCIM JSON without id, meta and members
        PRIMARY KEY (tenant_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX groups_display_name ON groups (tenant_id, display_key);
      CREATE INDEX groups_external_id ON groups (tenant_id, external_id);

      CREATE TABLE group_members (
        tenant_id   TEXT NOT NULL,
        group_id    TEXT NOT NULL,
        member_id   TEXT NOT NULL,
        member_type TEXT NOT NULL CHECK (member_type IN ('User', 'Group')),
        PRIMARY KEY (tenant_id, group_id, member_id)
      ) WITHOUT ROWID;
      CREATE INDEX group_members_by_member ON group_members (tenant_id, member_id, group_id);
    `,
  },
  {
    version: 2,
    description: 'user_emails: the lower-cased email values of each user, for indexed emails.value lookups',
    sql: `
      CREATE TABLE user_emails (
        tenant_id TEXT NOT NULL,
        user_id   TEXT NOT NULL,
        value_key TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id, value_key)
      ) WITHOUT ROWID;
      CREATE INDEX user_emails_by_value ON user_emails (tenant_id, value_key);
      INSERT OR IGNORE INTO user_emails (tenant_id, user_id, value_key)
        SELECT u.tenant_id, u.id, scim_fold(json_extract(e.value, '$.value'))
        FROM users u, json_each(u.doc, '$.emails') e
        WHERE json_type(e.value, '$.value') = 'text';
    `,
  },
  {
    version: 3,
    description: 'tenants, token hashes, service credentials and the audit trail',
    // Tenants that already hold users or groups are created, so that their data stays reachable.
    // Tokens are looked up by id alone (the id is inside the token), hence the unique index on id.
    // Audit events are also read across tenants by operators: those indexes do not start with tenant_id.
    sql: `
      CREATE TABLE tenants (
        id           TEXT    NOT NULL PRIMARY KEY,
        display_name TEXT    NOT NULL,
        disabled     INTEGER NOT NULL CHECK (disabled IN (0, 1)),
        created      TEXT    NOT NULL,
        updated      TEXT    NOT NULL
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO tenants (id, display_name, disabled, created, updated)
        SELECT tenant_id, '', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM (SELECT tenant_id FROM users UNION SELECT tenant_id FROM groups);

      CREATE TABLE tokens (
        tenant_id   TEXT    NOT NULL,
        id          TEXT    NOT NULL,
        secret_hash TEXT    NOT NULL, -- hex SHA-256 of the secret part; the secret itself is never stored
        description TEXT    NOT NULL,
        created     TEXT    NOT NULL,
        expires     TEXT,
        last_used   TEXT,
        revoked     TEXT,
        replaced_by TEXT,
        bootstrap   INTEGER NOT NULL CHECK (bootstrap IN (0, 1)),
        PRIMARY KEY (tenant_id, id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX tokens_by_id ON tokens (id);

      CREATE TABLE service_credentials (
        id          TEXT    NOT NULL PRIMARY KEY,
        secret_hash TEXT    NOT NULL,
        description TEXT    NOT NULL,
        access      TEXT    NOT NULL CHECK (access IN ('read', 'read_write', 'adapter', 'admin')),
        tenant_ids  TEXT    NOT NULL, -- JSON array of tenant ids, or ["*"]
        created     TEXT    NOT NULL,
        expires     TEXT,
        last_used   TEXT,
        revoked     TEXT,
        bootstrap   INTEGER NOT NULL CHECK (bootstrap IN (0, 1))
      ) WITHOUT ROWID;

      CREATE TABLE audit_events (
        tenant_id      TEXT NOT NULL, -- '' for events of no tenant (service credentials)
        id             TEXT NOT NULL, -- time-ordered
        time           TEXT NOT NULL,
        actor          TEXT NOT NULL,
        credential_id  TEXT NOT NULL,
        action         TEXT NOT NULL,
        resource_type  TEXT NOT NULL,
        resource_id    TEXT NOT NULL,
        attributes     TEXT NOT NULL, -- JSON array of attribute names, never values
        outcome        TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
        failure_reason TEXT,
        request_id     TEXT NOT NULL,
        trace_id       TEXT,
        source_address TEXT,
        PRIMARY KEY (tenant_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX audit_events_by_resource ON audit_events (tenant_id, resource_id, id);
      CREATE INDEX audit_events_by_id ON audit_events (id);
      CREATE INDEX audit_events_by_time ON audit_events (time);
    `,
  },
  {
    version: 4,
    description: 'the change feed: events, per-tenant positions and event receivers',
    // event_positions outlives a deleted tenant (sqlite-tenancy.ts), so that positions are never reused.
    // Retention deletes events by time across tenants: that index does not start with tenant_id.
    sql: `
      CREATE TABLE event_positions (
        tenant_id TEXT    NOT NULL PRIMARY KEY,
        position  INTEGER NOT NULL -- the tenant's last position
      ) WITHOUT ROWID;

      CREATE TABLE events (
        tenant_id        TEXT    NOT NULL,
        position         INTEGER NOT NULL,
        time             TEXT    NOT NULL,
        resource_type    TEXT    NOT NULL CHECK (resource_type IN ('User', 'Group')),
        resource_id      TEXT    NOT NULL,
        resource_version INTEGER NOT NULL,
        operation        TEXT    NOT NULL CHECK (operation IN ('create', 'replace', 'patch', 'delete')),
        body             TEXT    NOT NULL, -- JSON: attribute names, actor, request id, snapshot, member ids
        PRIMARY KEY (tenant_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX events_by_time ON events (time);

      CREATE TABLE event_receivers (
        tenant_id      TEXT    NOT NULL,
        id             TEXT    NOT NULL,
        settings       TEXT    NOT NULL, -- JSON: delivery, url, audience, authorization header, filters
        created        TEXT    NOT NULL,
        position       INTEGER NOT NULL,
        acked          TEXT    NOT NULL, -- JSON array of positions acknowledged above position
        failures       INTEGER NOT NULL,
        next_attempt   TEXT,
        last_error     TEXT,
        last_delivered TEXT,
        lease_owner    TEXT,
        lease_until    TEXT,
        PRIMARY KEY (tenant_id, id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX event_receivers_by_id ON event_receivers (id);
    `,
  },
  {
    version: 5,
    description: 'indexed sort keys: users name.familyName and name.givenName; meta.created and meta.lastModified',
    // Records without a value sort last (sqlite-query.ts orderBy): those indexes order by `IS NULL` first.
    // The meta dates also serve delta syncs (`meta.lastModified gt "…"`).
    sql: `
      ALTER TABLE users ADD COLUMN family_name_key TEXT;
      ALTER TABLE users ADD COLUMN given_name_key TEXT;
      UPDATE users SET
        family_name_key = scim_fold(json_extract(doc, '$."name"."familyName"')),
        given_name_key = scim_fold(json_extract(doc, '$."name"."givenName"'));
      CREATE INDEX users_family_name ON users (tenant_id, family_name_key IS NULL, family_name_key, id);
      CREATE INDEX users_given_name ON users (tenant_id, given_name_key IS NULL, given_name_key, id);
      CREATE INDEX users_created ON users (tenant_id, created, id);
      CREATE INDEX users_last_modified ON users (tenant_id, last_modified, id);
      CREATE INDEX groups_created ON groups (tenant_id, created, id);
      CREATE INDEX groups_last_modified ON groups (tenant_id, last_modified, id);
    `,
  },
];
