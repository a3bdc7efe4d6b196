import type { FoundationTables } from './tables/foundation.js';
import type { PackageTables } from './tables/packages.js';

/** The whole database as Kysely sees it: one interface per migration's tables, joined here. */
export interface Schema extends FoundationTables, PackageTables {}
