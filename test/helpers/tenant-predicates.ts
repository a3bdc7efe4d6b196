import { loadModule, parseSync } from 'libpg-query';

/**
 * Finds the statements that would not route to one tenant's shard under the Citus plan (docs/scale-out.md): every
 * use of a distributed table must be pinned to one tenant by its distribution column — compared with a value
 * (`tenant_id = $1`, `tenant_id in (…)`, `tenant_id = tenantry_current_tenant()`), given by an INSERT's columns, or
 * joined on it to a use that is pinned (`r.tenant_id = u.tenant_id`). Statements are read by PostgreSQL's own
 * parser (libpg-query), so quoting, aliases and sub-queries read as the server reads them.
 */

type Node = Record<string, unknown>;

interface Use {
  table: string;
  /** The name the statement refers to the use by: its alias, else the table's name. */
  name: string;
}

/** A column reference: its qualifier (alias or table; null when unqualified) and its name. */
function columnOf(node: unknown): { qualifier: string | null; column: string } | undefined {
  const ref = (node as Node | undefined)?.ColumnRef as { fields: Node[] } | undefined;
  if (!ref) {
    const cast = (node as Node | undefined)?.TypeCast as { arg: unknown } | undefined;
    return cast ? columnOf(cast.arg) : undefined;
  }
  const names = ref.fields.map((f) => (f.String as { sval: string } | undefined)?.sval);
  if (names.some((n) => n === undefined)) return undefined;
  return { qualifier: names.length > 1 ? names.at(-2)! : null, column: names.at(-1)! };
}

/** A value that pins a row to one tenant: a parameter, a constant, a function of none of the row's columns. */
function isValue(node: unknown): boolean {
  const n = node as Node | undefined;
  if (!n) return false;
  if ('ParamRef' in n || 'A_Const' in n || 'FuncCall' in n || 'SubLink' in n) return true;
  if ('TypeCast' in n) return isValue((n.TypeCast as { arg: unknown }).arg);
  if ('List' in n) return ((n.List as { items?: unknown[] }).items ?? []).every(isValue);
  if ('A_ArrayExpr' in n) return true;
  return false;
}

interface Facts {
  uses: Use[];
  /** Qualifiers (or null: unqualified) of distribution columns compared with a value. */
  pinned: Set<string | null>;
  /** Pairs of qualifiers whose distribution columns are compared with each other. */
  joins: [string | null, string | null][];
}

function walk(node: unknown, distributionColumn: ReadonlyMap<string, string>, facts: Facts): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, distributionColumn, facts);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  const isDistribution = (column: string) => [...distributionColumn.values()].includes(column);
  if ('RangeVar' in n) {
    const range = n.RangeVar as { relname: string; alias?: { aliasname: string } };
    facts.uses.push({ table: range.relname, name: range.alias?.aliasname ?? range.relname });
  }
  if ('A_Expr' in n) {
    const expr = n.A_Expr as { kind: string; name?: Node[]; lexpr?: unknown; rexpr?: unknown };
    const operator = (expr.name?.[0]?.String as { sval: string } | undefined)?.sval;
    if ((expr.kind === 'AEXPR_OP' && operator === '=') || expr.kind === 'AEXPR_IN' || expr.kind === 'AEXPR_OP_ANY') {
      for (const [one, other] of [[expr.lexpr, expr.rexpr], [expr.rexpr, expr.lexpr]] as const) {
        const column = columnOf(one);
        if (!column || !isDistribution(column.column)) continue;
        const otherColumn = columnOf(other);
        if (otherColumn && isDistribution(otherColumn.column)) facts.joins.push([column.qualifier, otherColumn.qualifier]);
        else if (!otherColumn && isValue(other)) facts.pinned.add(column.qualifier);
      }
    }
  }
  // The target of an INSERT, UPDATE or DELETE is a bare range (not wrapped in `RangeVar`).
  for (const kind of ['InsertStmt', 'UpdateStmt', 'DeleteStmt']) {
    const range = (n[kind] as { relation?: { relname: string; alias?: { aliasname: string } } } | undefined)?.relation;
    if (range) facts.uses.push({ table: range.relname, name: range.alias?.aliasname ?? range.relname });
  }
  if ('InsertStmt' in n) {
    const insert = n.InsertStmt as { relation: { relname: string; alias?: { aliasname: string } }; cols?: Node[] };
    const column = distributionColumn.get(insert.relation.relname);
    const columns = (insert.cols ?? []).map((c) => (c.ResTarget as { name: string }).name);
    if (column && columns.includes(column)) facts.pinned.add(insert.relation.alias?.aliasname ?? insert.relation.relname);
  }
  for (const value of Object.values(n)) walk(value, distributionColumn, facts);
}

/** The distributed tables that `statement` uses without pinning them to one tenant (empty: it routes). */
export function unpinnedTables(statement: string, distributionColumn: ReadonlyMap<string, string>): string[] {
  const facts: Facts = { uses: [], pinned: new Set(), joins: [] };
  walk(parseSync(statement), distributionColumn, facts);
  const pinned = (use: Use, names: ReadonlySet<string | null>) => names.has(use.name) || names.has(null);
  const done = new Set<string | null>(facts.pinned);
  // A use joined on the distribution column to a pinned use is pinned too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of facts.joins) {
      if (done.has(a) !== done.has(b)) {
        done.add(done.has(a) ? b : a);
        grew = true;
      }
    }
  }
  const unpinned = facts.uses.filter((use) => distributionColumn.has(use.table) && !pinned(use, done));
  return [...new Set(unpinned.map((use) => use.table))];
}

/** Loads the parser (WebAssembly) once, before `unpinnedTables` is called. */
export async function loadParser(): Promise<void> {
  await loadModule();
}
