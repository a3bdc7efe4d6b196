-- Tenant-sharded PostgreSQL (Citus): the DDL that distributes Tenantry's schema by tenant. See docs/scale-out.md.
-- Run once on the coordinator of a Citus cluster, on a database migrated to the latest schema, before traffic.
-- test/data/citus-plan.test.ts reads this file: every table of the schema must be distributed, a reference
-- table or named as coordinator-local there, and the schema must meet Citus's rules for what is declared here.

create extension if not exists citus;

-- The invoice directory answers "which tenant owns this public invoice id" for links that carry only the UUID;
-- as a reference table it is on every node, so its key needs no tenant and it cannot keep a foreign key to the
-- (distributed) invoices. The purge deletes its rows explicitly (src/data/tenant-purge.ts).
alter table invoice_public_ids drop constraint invoice_public_ids_tenant_id_invoice_id_fkey;

-- Reference tables: the tenant directory (looked up by tenancy name, sub-domain and number before any tenant is
-- known), the catalogue, packages, coupons, host settings, cross-tenant link groups and the invoice directory.
-- Small, read everywhere, written rarely; every node holds a full copy, so joins with them stay on one shard.
select create_reference_table('tenants');
select create_reference_table('products');
select create_reference_table('product_prices');
select create_reference_table('packages');
select create_reference_table('coupons');
select create_reference_table('host_settings');
select create_reference_table('link_groups');
select create_reference_table('invoice_public_ids');

-- Distributed tables: every table of a tenant's own data, by tenant_id, all co-located with users, so that a
-- tenant's rows of every table sit on one shard and a transaction of one tenant is a single-node transaction.
select create_distributed_table('users', 'tenant_id');
select create_distributed_table('roles', 'tenant_id', colocate_with => 'users');
select create_distributed_table('user_roles', 'tenant_id', colocate_with => 'users');
select create_distributed_table('tenant_settings', 'tenant_id', colocate_with => 'users');
select create_distributed_table('sessions', 'tenant_id', colocate_with => 'users');
select create_distributed_table('refresh_tokens', 'tenant_id', colocate_with => 'users');
select create_distributed_table('one_time_tokens', 'tenant_id', colocate_with => 'users');
select create_distributed_table('api_keys', 'tenant_id', colocate_with => 'users');
select create_distributed_table('user_links', 'tenant_id', colocate_with => 'users');
select create_distributed_table('tenant_packages', 'tenant_id', colocate_with => 'users');
select create_distributed_table('contacts', 'tenant_id', colocate_with => 'users');
select create_distributed_table('leads', 'tenant_id', colocate_with => 'users');
select create_distributed_table('lead_products', 'tenant_id', colocate_with => 'users');
select create_distributed_table('subscriptions', 'tenant_id', colocate_with => 'users');
select create_distributed_table('invoices', 'tenant_id', colocate_with => 'users');
select create_distributed_table('invoice_lines', 'tenant_id', colocate_with => 'users');
select create_distributed_table('event_subscriptions', 'tenant_id', colocate_with => 'users');
select create_distributed_table('event_executions', 'tenant_id', colocate_with => 'users');
select create_distributed_table('idempotency_keys', 'tenant_id', colocate_with => 'users');
select create_distributed_table('stripe_events', 'tenant_id', colocate_with => 'users');
select create_distributed_table('audit_log', 'tenant_id', colocate_with => 'users');
select create_distributed_table('outbox', 'tenant_id', colocate_with => 'users');
select create_distributed_table('user_two_factor', 'tenant_id', colocate_with => 'users');
select create_distributed_table('two_factor_remembered_clients', 'tenant_id', colocate_with => 'users');
select create_distributed_table('tenant_two_factor_settings', 'tenant_id', colocate_with => 'users');

-- Coordinator-local (not distributed, not replicated): the migration bookkeeping, the rate-limit counters
-- (global by IP; Redis with REDIS_URL in a cluster), and the security-event log that every instance follows.
