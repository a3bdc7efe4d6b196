import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as packages from './0002-packages.js';
import * as tenantSearchIndexes from './0003-tenant-search-indexes.js';
import * as onboarding from './0004-onboarding.js';
import * as outboxDelivery from './0005-outbox-delivery.js';
import * as apiKeys from './0006-api-keys.js';
import * as userLinks from './0007-user-links.js';
import * as credentialBounds from './0008-credential-bounds.js';
import * as leadRequestFingerprints from './0009-lead-request-fingerprints.js';
import * as rateLimits from './0010-rate-limits.js';
import * as auditLog from './0011-audit-log.js';
import * as rowLevelSecurity from './0012-row-level-security.js';
import * as events from './0013-events.js';
import * as registrationFingerprints from './0014-registration-fingerprints.js';
import * as idempotencyKeys from './0015-idempotency-keys.js';
import * as idempotencyKeysRowLevelSecurity from './0015-idempotency-keys-row-level-security.js';
import * as accountPolicies from './0016-account-policies.js';
import * as twoFactor from './0020-two-factor.js';
import * as unloggedRateLimitCounters from './0028-unlogged-rate-limit-counters.js';
import * as impersonation from './0030-impersonation.js';
import * as deepPagingIndexes from './0031-deep-paging-indexes.js';
import * as outboxUndeliveredIndex from './0032-outbox-undelivered-index.js';
import * as idempotencyKeyCommitMarks from './0033-idempotency-key-commit-marks.js';
import * as tenantSearchScaleIndexes from './0034-tenant-search-scale-indexes.js';
import * as eventExecutionRetention from './0035-event-execution-retention.js';

/**
 * Every migration, in order. Names are versions: forward-only, never renamed or edited once released.
 * Add a new file and one line here.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-packages': packages,
  '0003-tenant-search-indexes': tenantSearchIndexes,
  '0004-onboarding': onboarding,
  '0005-outbox-delivery': outboxDelivery,
  '0006-api-keys': apiKeys,
  '0007-user-links': userLinks,
  '0008-credential-bounds': credentialBounds,
  '0009-lead-request-fingerprints': leadRequestFingerprints,
  '0010-rate-limits': rateLimits,
  '0011-audit-log': auditLog,
  '0012-row-level-security': rowLevelSecurity,
  '0013-events': events,
  '0014-registration-fingerprints': registrationFingerprints,
  '0015-idempotency-keys': idempotencyKeys,
  '0015-idempotency-keys-row-level-security': idempotencyKeysRowLevelSecurity,
  '0016-account-policies': accountPolicies,
  '0020-two-factor': twoFactor,
  '0028-unlogged-rate-limit-counters': unloggedRateLimitCounters,
  '0030-impersonation': impersonation,
  '0031-deep-paging-indexes': deepPagingIndexes,
  '0032-outbox-undelivered-index': outboxUndeliveredIndex,
  '0033-idempotency-key-commit-marks': idempotencyKeyCommitMarks,
  '0034-tenant-search-scale-indexes': tenantSearchScaleIndexes,
  '0035-event-execution-retention': eventExecutionRetention,
};
