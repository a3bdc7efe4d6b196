import type { ApiKeyTables } from './tables/api-keys.js';
import type { EventTables } from './tables/events.js';
import type { FoundationTables } from './tables/foundation.js';
import type { IdempotencyKeyTables } from './tables/idempotency-keys.js';
import type { OnboardingTables } from './tables/onboarding.js';
import type { PackageTables } from './tables/packages.js';
import type { RateLimitTables } from './tables/rate-limits.js';
import type { TwoFactorTables } from './tables/two-factor.js';
import type { UserLinkTables } from './tables/user-links.js';

/** The whole database as Kysely sees it: one interface per migration's tables, joined here. */
export interface Schema extends FoundationTables, PackageTables, OnboardingTables, ApiKeyTables, UserLinkTables, RateLimitTables, IdempotencyKeyTables, EventTables, TwoFactorTables {}
