import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** A table's row as PostgreSQL's `to_jsonb` writes it: timestamps ISO 8601, bytea `\x…` hex, arrays and JSON as they are. */
export type ArchivedRow = Record<string, unknown>;

/** Rows are read in pages of this many, so a tenant of any size is never held in memory at once. */
const PAGE = 1_000;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`Not a table or column name: ${name}`);
  return name;
}

/**
 * The generic reading and writing behind a tenant archive: whole rows of any tenant-owned table, whatever its
 * columns, through PostgreSQL's own JSON conversion (`to_jsonb` out, `jsonb_populate_recordset` in), so every
 * column type comes back exactly as it left.
 */
export function tenantArchiveQueries(db: Executor) {
  return {
    /** Makes the transaction it opens read one snapshot throughout; the first statement of a transaction. */
    async readFromOneSnapshot(): Promise<void> {
      await sql`set transaction isolation level repeatable read, read only`.execute(db);
    },

    /** Every table of the schema with a `tenant_id` column, by name. */
    async tenantOwnedTables(): Promise<string[]> {
      const result = await sql<{ table_name: string }>`
        select c.table_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
         order by c.table_name`.execute(db);
      return result.rows.map((row) => row.table_name);
    },

    /** The columns a row of the table is written with (not the ones the database computes). */
    async writableColumns(table: string): Promise<string[]> {
      const result = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
         where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
         order by ordinal_position`.execute(db);
      return result.rows.map((row) => row.column_name);
    },

    /**
     * The tenant's rows of one table, page by page in physical order (`ctid`), as JSON. Run inside one
     * repeatable-read transaction, every page comes from the same snapshot.
     */
    async *rows(table: string, tenantColumn: string, tenantId: number): AsyncGenerator<ArchivedRow[]> {
      let after = '(0,0)';
      for (;;) {
        const page = await sql<{ row: ArchivedRow; at: string }>`
          select to_jsonb(t) as row, t.ctid::text as at from ${sql.table(identifier(table))} t
           where ${sql.ref(`t.${identifier(tenantColumn)}`)} = ${tenantId} and t.ctid > ${after}::tid
           order by t.ctid limit ${PAGE}`.execute(db);
        if (page.rows.length === 0) return;
        yield page.rows.map((r) => r.row);
        after = page.rows[page.rows.length - 1]!.at;
        if (page.rows.length < PAGE) return;
      }
    },

    /** Which of these ids the table already holds, in any tenant (ids are global identities). */
    async takenIds(table: string, ids: readonly number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const result = await sql<{ id: number }>`
        select distinct id from ${sql.table(identifier(table))} where id = any(${sql.val([...ids])}::bigint[]) order by id limit 10`.execute(db);
      return result.rows.map((row) => Number(row.id));
    },

    /** Writes rows as they were, ids included (identity columns too). */
    async insertRows(table: string, columns: readonly string[], rows: readonly ArchivedRow[]): Promise<void> {
      if (rows.length === 0) return;
      const list = sql.join(columns.map((c) => sql.ref(identifier(c))));
      await sql`
        insert into ${sql.table(identifier(table))} (${list}) overriding system value
        select ${list} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(db);
    },

    /** Moves every identity sequence of the table past the largest id it holds, so new rows never take an imported id. */
    async advanceIdentities(table: string): Promise<void> {
      const identities = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
         where table_schema = current_schema() and table_name = ${table} and is_identity = 'YES'`.execute(db);
      for (const { column_name: column } of identities.rows) {
        // Never backwards: the sequence may already be past every id the table holds (rows deleted since).
        await sql`
          with seq as (select pg_get_serial_sequence(${table}, ${column})::regclass as name)
          select setval(seq.name, greatest(m.top, coalesce(pg_sequence_last_value(seq.name), 1)))
            from seq, (select max(${sql.ref(identifier(column))}) as top from ${sql.table(identifier(table))}) m
           where m.top is not null`.execute(db);
      }
    },
  };
}

export type TenantArchiveQueries = ReturnType<typeof tenantArchiveQueries>;
