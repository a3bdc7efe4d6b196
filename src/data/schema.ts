import type { ApiKeyTables } from './tables/api-keys.js';
import type { FoundationTables } from './tables/foundation.js';

/** The whole database as Kysely sees it: one interface per migration's tables, joined here. */
export interface Schema extends FoundationTables, ApiKeyTables {}
