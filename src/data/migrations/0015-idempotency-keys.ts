import { sql, type Kysely } from 'kysely';

/**
 * `Idempotency-Key` on the RPC dialect's POSTs (as Stripe and the IETF draft define it): the key a caller sent,
 * the fingerprint of the request it was first used for, and the answer that request got, so a retry gets that
 * answer again instead of a second change. Keyed by the caller (tenant and user), never shared across callers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      tenant_id integer not null references tenants (id) on delete cascade,
      user_id bigint not null,
      key text not null,
      method text not null,
      fingerprint bytea not null,
      status_code integer,
      content_type text,
      body text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id, key)
    )`.execute(db);
  await sql`create index idempotency_keys_created_idx on idempotency_keys (created_at)`.execute(db);
}
