import { sql, type Kysely } from 'kysely';

/**
 * Linked accounts (ASP.NET Zero's "link groups"): users of any tenants who may switch to each other.
 * A group spans tenants, so the group itself is a small global row; each user's membership is a row of its
 * own tenant, keyed by (tenant_id, user_id) — which also makes "a user belongs to at most one group" a key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table link_groups (
      id bigint generated always as identity primary key,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table user_links (
      tenant_id integer not null references tenants (id) on delete cascade,
      user_id bigint not null,
      group_id bigint not null references link_groups (id) on delete cascade,
      linked_at timestamptz not null default now(),
      primary key (tenant_id, user_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  // The other members of a group are found by its id, across tenants.
  await sql`create index user_links_group_idx on user_links (group_id)`.execute(db);
}
