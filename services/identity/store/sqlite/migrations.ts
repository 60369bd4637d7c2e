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
];
