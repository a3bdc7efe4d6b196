import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'libpg-query';
import { projectRoot } from './project-root.js';
import { unpinnedTables } from './tenant-predicates.js';

/** The Citus plan as `scripts/citus-distribute.sql` declares it, read with PostgreSQL's parser. */
export interface CitusPlan {
  /** Distributed table → its distribution column. */
  distributed: Map<string, string>;
  reference: Set<string>;
  /** Foreign keys the plan drops (`alter table … drop constraint …`). */
  droppedConstraints: Set<string>;
}

/** Tables that stay on the coordinator only, neither distributed nor replicated (said in the DDL file too). */
export const COORDINATOR_LOCAL = new Set(['kysely_migration', 'kysely_migration_lock', 'rate_limit_counters', 'security_events']);

export const CITUS_DDL = path.join(projectRoot, 'scripts', 'citus-distribute.sql');

type Node = Record<string, any>;

const text = (node: Node | undefined): string | undefined => node?.A_Const?.sval?.sval;

/** Reads the plan; call `loadParser()` (tenant-predicates.ts) first. */
export function readCitusPlan(): CitusPlan {
  const plan: CitusPlan = { distributed: new Map(), reference: new Set(), droppedConstraints: new Set() };
  for (const { stmt } of parseSync(readFileSync(CITUS_DDL, 'utf8')).stmts as { stmt: Node }[]) {
    for (const command of stmt.AlterTableStmt?.cmds ?? []) {
      if (command.AlterTableCmd?.subtype === 'AT_DropConstraint') plan.droppedConstraints.add(command.AlterTableCmd.name);
    }
    for (const target of stmt.SelectStmt?.targetList ?? []) {
      const call = target.ResTarget?.val?.FuncCall;
      const name = call?.funcname?.at(-1)?.String?.sval;
      const args: Node[] = call?.args ?? [];
      const table = text(args[0]);
      if (!table) continue;
      if (name === 'create_reference_table') plan.reference.add(table);
      if (name === 'create_distributed_table') plan.distributed.set(table, text(args[1])!);
    }
  }
  return plan;
}

/**
 * The statements (white space folded to one space) the service runs without a tenant on purpose, each a routing decision of the plan
 * (docs/scale-out.md, "Look-ups without a tenant"). A statement on a distributed table that is neither pinned to
 * one tenant nor listed here fails the check of `test/run.ts`.
 */
export const GLOBAL_LOOKUPS: { table: string; why: string; statement: RegExp }[] = [
  {
    table: 'users',
    why: 'the credential gate loads the blocked users once when an instance starts (a fan-out, once per start)',
    statement: /^select "id" from "users" where \("is_active" = \$1 or "deleted_at" is not null\)$/,
  },
  {
    table: 'users',
    why: 'the host addresses a user by id alone (`Account/AutoLogin` with a userId): a fan-out, host only',
    statement: /^select "users"\.\* from "users" inner join "tenants" on "tenants"\."id" = "users"\."tenant_id" where "users"\."id" = \$1 and/,
  },
  {
    table: 'outbox',
    why: 'the outbox dispatcher claims due messages of every tenant; on Citus it runs against each worker’s shards',
    statement: /^(update outbox as o set available_at|select extract\(epoch from min\(available_at\) - now\(\)\) \* 1000 as ms from outbox|update "outbox" set "failed_at" = now\(\))/,
  },
  {
    table: 'outbox',
    why: 'housekeeping deletes delivered messages of every tenant past OUTBOX_RETENTION_DAYS, 1000 rows a statement: background maintenance',
    statement: /^delete from outbox where \(tenant_id, id\) in \( select tenant_id, id from outbox where delivered_at < now\(\) - make_interval\(days => \$1\) limit \$2\)$/,
  },
  {
    table: 'event_executions',
    why: 'housekeeping deletes webhook delivery attempts of every tenant past EVENT_EXECUTION_RETENTION_DAYS, 1000 rows a statement: background maintenance',
    statement: /^delete from event_executions where \(tenant_id, id\) in \( select tenant_id, id from event_executions where started_at < now\(\) - make_interval\(days => \$1\) limit \$2\)$/,
  },
  {
    table: 'idempotency_keys',
    why: 'housekeeping deletes every tenant’s idempotency keys past their retention, 1000 rows a statement: background maintenance',
    statement: /^delete from idempotency_keys where \(tenant_id, user_id, key\) in \( select tenant_id, user_id, key from idempotency_keys where created_at < now\(\) - make_interval\(secs => \$1\) limit \$2\)$/,
  },
  {
    table: 'sessions',
    why: 'housekeeping deletes every tenant’s sessions ended longer ago than SESSION_RETENTION_DAYS (their refresh tokens cascade), 1000 rows a statement',
    statement: /^delete from sessions where \(tenant_id, id\) in \( select tenant_id, id from sessions where expires_at < now\(\) - make_interval\(days => \$1\) or revoked_at < now\(\) - make_interval\(days => \$2\) limit \$3\)$/,
  },
  {
    table: 'one_time_tokens',
    why: 'housekeeping deletes every tenant’s one-time tokens used or expired longer ago than SESSION_RETENTION_DAYS, 1000 rows a statement',
    statement: /^delete from one_time_tokens where \(tenant_id, id\) in \( select tenant_id, id from one_time_tokens where used_at < now\(\) - make_interval\(days => \$1\) or expires_at < now\(\) - make_interval\(days => \$2\) limit \$3\)$/,
  },
  {
    table: 'outbox',
    why: 'the outbox’s depth and lag per topic, for operators (`tenantry outbox status`, the metrics’ gauges on a scrape): a fan-out aggregate',
    statement: /^select topic, count\(\*\) filter \(where failed_at is null\) as pending,/,
  },
  {
    table: 'audit_log',
    why: 'the host searches the audit log of every tenant at once: a fan-out, host only',
    statement: /^select (\*|count\(\*\) as "count") from "audit_log"( where (?!"tenant_id")|$| order by)/,
  },
  {
    table: 'lead_products',
    why: 'the host deletes a catalogue product only when no tenant uses it: a fan-out, host only and rare',
    statement: /^select \(exists \(select "product_id" from "lead_products" where "product_id" = \$1\)/,
  },
  {
    table: 'subscriptions',
    why: 'the same check of a product’s use',
    statement: /^select \(exists \(select "product_id" from "lead_products" where "product_id" = \$1\)/,
  },
  {
    table: 'invoice_lines',
    why: 'the same check of a product’s use',
    statement: /^select \(exists \(select "product_id" from "lead_products" where "product_id" = \$1\)/,
  },
  {
    table: 'leads',
    why: 'the host deletes a coupon only when no lead or invoice uses it: a fan-out, host only and rare',
    statement: /^select \(exists \(select "id" from "leads" where "coupon_id" = \$1\) or exists \(select "id" from "invoices" where "coupon_id" = \$2\)\)/,
  },
  {
    table: 'invoices',
    why: 'the same check of a coupon’s use',
    statement: /^select \(exists \(select "id" from "leads" where "coupon_id" = \$1\) or exists \(select "id" from "invoices" where "coupon_id" = \$2\)\)/,
  },
  {
    table: 'leads',
    why: 'the host dashboard counts every tenant’s tenancy requests per day and their conversion: a fan-out aggregate, host only',
    statement: /^select (to_char\("created_at" at time zone 'UTC', 'YYYY-MM-DD'\) as "day", count\(\*\) as "count"|count\(\*\) as "leads", count\(\*\) filter \(where status = 'converted'\) as "converted") from "leads" where "created_at" >= \$1 and "created_at" < \$2/,
  },
  {
    table: 'subscriptions',
    why: 'the host dashboard sums every tenant’s active subscriptions into monthly recurring revenue: a fan-out aggregate, host only',
    statement: /^select "s"\."product_id" as "productId", "p"\."name" as "productName", "s"\."currency", round\(sum\(s\.amount_minor::numeric \* s\.quantity/,
  },
  {
    table: 'tenant_packages',
    why: 'the host deletes a package only when no tenant holds it: a fan-out, host only and rare',
    statement: /^select count\(\*\) as "count" from "tenant_packages" where "package_id" = \$1$/,
  },
  {
    table: 'user_links',
    why: 'a link group joins accounts of several tenants; emptied groups are found by counting their links (a fan-out per group)',
    statement: /\(select count\(\*\) as "n" from "user_links" where "user_links"\."group_id" = "link_groups"\."id"\)/,
  },
  {
    table: 'user_links',
    why: 'linking two accounts that are each in a group merges the groups: every link of one group, whatever its tenant, moves to the other (a fan-out per merge)',
    statement: /^update "user_links" set "group_id" = \$1 where "group_id" = \$2$/,
  },
];

/**
 * Checks every statement recorded in `dir` (statement-log.ts) against the plan: the problems found, one line
 * each (empty: every statement on a distributed table routes to one tenant's shard or is a listed look-up).
 */
export function tenantPredicateProblems(statements: readonly string[], plan: CitusPlan = readCitusPlan()): string[] {
  const problems: string[] = [];
  for (const statement of statements) {
    const oneLine = statement.replace(/\s+/g, ' ').trim();
    const tables = unpinnedTables(statement, plan.distributed).filter(
      (table) => !GLOBAL_LOOKUPS.some((lookup) => lookup.table === table && lookup.statement.test(oneLine)),
    );
    if (tables.length > 0) problems.push(`${tables.join(', ')} without a tenant predicate: ${oneLine}`);
  }
  return problems;
}
