import type { ColumnType, Generated } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface LinkGroupTable {
  id: Generated<number>;
  created_at: Stamp;
}

/** A user's membership of a link group; at most one per user. */
export interface UserLinkTable {
  tenant_id: number;
  user_id: number;
  group_id: number;
  linked_at: Stamp;
}

export interface UserLinkTables {
  link_groups: LinkGroupTable;
  user_links: UserLinkTable;
}
