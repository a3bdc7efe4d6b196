import type { ApiKeyListing } from '../../data/api-keys.js';
import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { API_KEY_MAX_PATHS, apiKeyNameProblem, readExpirationDate } from '../../domain/api-keys.js';
import { can, demand, type Caller } from '../../domain/caller.js';
import { demandCredentialFor } from '../../domain/credential-rules.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import { invalidMethodPaths, parseMethodPaths } from '../../domain/method-paths.js';
import { apiKeyDisplayPrefix, formatApiKey, newApiKeySecret } from '../security/api-key-format.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { hashSecret } from '../security/secrets.js';
import { emitEvent } from '../events/emit.js';
import { apiKeyEventData } from '../events/payloads.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import type { ApiKeyListQuery, ApiKeyView, GeneratedApiKey, GenerateApiKeyInput, UpdateApiKeyInput } from './contracts.js';
import { demandKeyLimitsAllowed } from './key-limits.js';
import { ownLimit } from '../../domain/rate-limits.js';
import type { RateLimitConfig } from '../../config.js';
import { transactionFor } from '../tenant-transaction.js';

/**
 * Generating, listing, changing and deleting API keys (`Platform/ApiKey/*`). A caller manages its own keys
 * with `ApiKeys.Manage`, and other users' keys of its own tenant with `ApiKeys.ManageAll`. An API key can
 * never manage keys: a leaked key must not be able to mint more.
 */
export class ApiKeyManagement {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    /** The service's per-key limits: the ceiling of a tenant's keys where the tenant has none of its own. */
    private readonly limits: RateLimitConfig,
  ) {}

  async generate(caller: Caller, input: GenerateApiKeyInput): Promise<GeneratedApiKey> {
    demand(caller, 'ApiKeys.Manage');
    demandCredentialFor(caller, 'manage_api_keys');
    // Every field is present on Generate (paths absent reads as none), so every field comes back.
    const { name, expiresAt, paths } = readKeyFields({ ...input, paths: input.paths ?? '' }) as KeyFields;
    const user = await this.targetUser(caller, input.userId);

    const secret = newApiKeySecret();
    const row = await transactionFor(this.data, caller, async (tx) => {
      await demandKeyLimitsAllowed(tx, caller, input, this.limits);
      const id = await tx.apiKeys.reserveId();
      const parts = { tenantId: caller.tenantId, id, secret };
      const inserted = await tx.apiKeys.insert({
        tenantId: caller.tenantId,
        id,
        userId: user.id,
        name,
        prefix: apiKeyDisplayPrefix(parts),
        secretHash: hashSecret(secret),
        paths,
        expiresAt,
        createdByUserId: caller.userId,
        rateLimitPerMinute: ownLimit(input.rateLimitPerMinute) ?? null,
        rateLimitPerDay: ownLimit(input.rateLimitPerDay) ?? null,
      });
      await recordAudit(tx, caller, {
        tenantId: caller.tenantId,
        action: 'apikey.generated',
        target: `apikey:${id}`,
        details: { userId: user.id, name, paths, rateLimitPerMinute: ownLimit(input.rateLimitPerMinute) ?? null, rateLimitPerDay: ownLimit(input.rateLimitPerDay) ?? null },
      });
      await emitEvent(tx, { tenantId: caller.tenantId, type: 'ApiKey.Created', data: apiKeyEventData(inserted, user.user_name) });
      return inserted;
    });
    return {
      id: row.id,
      name: row.name,
      key: formatApiKey({ tenantId: caller.tenantId, id: row.id, secret }),
      expirationDate: row.expires_at.toISOString(),
      creationTime: row.created_at.toISOString(),
      userId: user.id,
      userName: user.user_name,
      paths: joinPaths(row.paths),
    };
  }

  /** The keys the caller may see, newest first: its own, or with `ApiKeys.ManageAll` every key of its tenant. */
  async list(caller: Caller, query: ApiKeyListQuery): Promise<{ totalCount: number; items: ApiKeyView[] }> {
    demand(caller, 'ApiKeys.Manage');
    let userId: number | undefined = query.userId || undefined;
    if (userId !== undefined && userId !== caller.userId) demand(caller, 'ApiKeys.ManageAll');
    if (userId === undefined && !can(caller, 'ApiKeys.ManageAll')) userId = caller.userId;
    const page = await this.data.apiKeys.list(caller.tenantId, { userId, skip: query.skipCount, take: query.maxResultCount });
    return { totalCount: page.total, items: page.items.map(view) };
  }

  /** Renames a key, moves its expiration or changes its paths; every instance drops what it cached of it. */
  async update(caller: Caller, input: UpdateApiKeyInput): Promise<ApiKeyView> {
    demand(caller, 'ApiKeys.Manage');
    demandCredentialFor(caller, 'manage_api_keys');
    const { name, expiresAt, paths } = readKeyFields(input);

    const updated = await transactionFor(this.data, caller, async (tx) => {
      const key = await this.visibleKey(tx, caller, input.id);
      // Reviving an expired key would also revive every forgotten copy of it: generate a new one instead.
      if (key.expires_at.getTime() <= Date.now()) throw AppError.conflict('This API key has expired and cannot be changed; generate a new one.');
      await demandKeyLimitsAllowed(tx, caller, input, this.limits);
      await tx.apiKeys.update(caller.tenantId, key.id, { name, paths, expiresAt, rateLimitPerMinute: ownLimit(input.rateLimitPerMinute), rateLimitPerDay: ownLimit(input.rateLimitPerDay) });
      await revocation.apiKeyChanged(tx, caller.tenantId, key.id);
      const updated = (await tx.apiKeys.findLive(caller.tenantId, key.id))!;
      await recordAudit(tx, caller, {
        tenantId: caller.tenantId,
        action: 'apikey.updated',
        target: `apikey:${key.id}`,
        ...changeSummary(keySummary(key), keySummary(updated)),
      });
      return updated;
    });
    await this.gate.sync();
    return view(updated);
  }

  /** Deletes (revokes) a key: it stops working at once on every instance. */
  async delete(caller: Caller, id: number): Promise<void> {
    demand(caller, 'ApiKeys.Manage');
    demandCredentialFor(caller, 'manage_api_keys');
    await transactionFor(this.data, caller, async (tx) => {
      const key = await this.visibleKey(tx, caller, id);
      await revocation.apiKey(tx, caller.tenantId, key.id);
      await emitEvent(tx, { tenantId: caller.tenantId, type: 'ApiKey.Revoked', data: apiKeyEventData(key, key.user_name) });
      await recordAudit(tx, caller, {
        tenantId: caller.tenantId,
        action: 'apikey.deleted',
        target: `apikey:${key.id}`,
        details: { userId: key.user_id, name: key.name },
      });
    });
    await this.gate.sync();
  }

  /** The user a new key is for: the caller, or with `ApiKeys.ManageAll` a live user of the caller's tenant. */
  private async targetUser(caller: Caller, userId: number | null | undefined): Promise<UserRow> {
    const id = userId || caller.userId;
    if (id !== caller.userId) demand(caller, 'ApiKeys.ManageAll');
    const user = await this.data.users.findById(caller.tenantId, id);
    if (!user) throw AppError.notFound(`User ${id}`);
    if (!user.is_active) throw AppError.field('userId', 'The user is not active; an API key for it would not work.');
    return user;
  }

  /** A live key of the caller's tenant that the caller may manage; anything else is "not found". */
  private async visibleKey(tx: Queries, caller: Caller, id: number): Promise<ApiKeyListing> {
    const key = await tx.apiKeys.findLive(caller.tenantId, id);
    if (!key || (key.user_id !== caller.userId && !can(caller, 'ApiKeys.ManageAll'))) throw AppError.notFound(`API key ${id}`);
    return key;
  }
}

interface KeyFields {
  name: string;
  expiresAt: Date;
  paths: string[];
}

/** Reads the fields that are present; throws one 400 naming every field that is not valid. */
function readKeyFields(input: { name?: string | undefined; expirationDate?: string | undefined; paths?: string | null | undefined }): Partial<KeyFields> {
  const problems: FieldProblem[] = [];
  const fields: Partial<KeyFields> = {};
  if (input.name !== undefined) fields.name = checkName(input.name, problems);
  if (input.expirationDate !== undefined) fields.expiresAt = checkExpiration(input.expirationDate, problems);
  if (input.paths !== undefined) fields.paths = checkPaths(input.paths, problems);
  if (problems.length > 0) throw AppError.validation(problems);
  return fields;
}

function checkName(name: string, problems: FieldProblem[]): string {
  const problem = apiKeyNameProblem(name);
  if (problem) problems.push({ field: 'name', message: problem });
  return name.trim();
}

function checkExpiration(value: string, problems: FieldProblem[]): Date | undefined {
  const read = readExpirationDate(value);
  if ('problem' in read) {
    problems.push({ field: 'expirationDate', message: read.problem });
    return undefined;
  }
  return read.date;
}

function checkPaths(value: string | null | undefined, problems: FieldProblem[]): string[] | undefined {
  const invalid = invalidMethodPaths(value ?? '');
  if (invalid.length > 0) {
    const shown = invalid.slice(0, 3).map((p) => `"${p.slice(0, 60)}"`).join(', ');
    problems.push({
      field: 'paths',
      message: `${shown} ${invalid.length === 1 ? 'is not an API method path' : 'are not API method paths'}: use Module/Service/Method (for example Platform/ApiKey/GetAll) or a REST path (/networking/rest/tenant), separated by commas.`,
    });
    return undefined;
  }
  const paths = parseMethodPaths(value);
  if (paths.length > API_KEY_MAX_PATHS) {
    problems.push({ field: 'paths', message: `An API key may name at most ${API_KEY_MAX_PATHS} paths.` });
    return undefined;
  }
  return paths;
}

/** What an audit entry says about a key: never its secret or hash. */
function keySummary(key: ApiKeyListing) {
  return {
    name: key.name,
    paths: key.paths,
    expirationDate: key.expires_at.toISOString(),
    rateLimitPerMinute: key.rate_limit_per_minute,
    rateLimitPerDay: key.rate_limit_per_day,
  };
}

function joinPaths(paths: readonly string[]): string | null {
  return paths.length > 0 ? paths.join(',') : null;
}

function view(key: ApiKeyListing): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    expirationDate: key.expires_at.toISOString(),
    creationTime: key.created_at.toISOString(),
    userId: key.user_id,
    userName: key.user_name,
    paths: joinPaths(key.paths),
    keyPrefix: key.prefix,
    lastUsedTime: key.last_used_at?.toISOString() ?? null,
    rateLimitPerMinute: key.rate_limit_per_minute,
    rateLimitPerDay: key.rate_limit_per_day,
  };
}
