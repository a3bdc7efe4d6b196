import type { Config } from '../config.js';
import type { Database } from '../data/database.js';
import { translateDatabaseError } from '../data/errors.js';
import { createData, type Data } from '../data/index.js';
import type { Caller } from '../domain/caller.js';
import { AppError, isAppError } from '../domain/errors.js';
import { ApiKeyManagement } from './api-keys/management.js';
import { ApiKeyVerifier } from './api-keys/verifier.js';
import { Authentication } from './auth/authentication.js';
import { CallerProfiles } from './auth/caller-profiles.js';
import { currentLoginInformations, type CurrentLoginInformations } from './auth/current-login.js';
import { bootstrapHost } from './host-bootstrap.js';
import { AccessTokens } from './security/access-tokens.js';
import { CredentialGate } from './security/credential-gate.js';
import { randomSecret } from './security/secrets.js';
import { TenantLifecycle } from './tenants/lifecycle.js';
import { createTenantSearch, type TenantSearch } from './tenants/search.js';

/** Every use case the HTTP surfaces may call, built over one database. */
export interface Services {
  config: Config;
  auth: Authentication;
  gate: CredentialGate;
  tenantLifecycle: TenantLifecycle;
  tenantSearch: TenantSearch;
  apiKeys: ApiKeyManagement;
  session: { currentLoginInformations(caller: Caller): Promise<CurrentLoginInformations> };
  /** Liveness of what the service depends on. */
  health(): Promise<{ database: 'ok' | 'unavailable'; engine: Database['engine'] }>;
  /** Stops background work (event following, deliveries). The database is closed by its owner. */
  stop(): Promise<void>;
}

export interface StartedServices {
  services: Services;
  /** Set on the first start when no ADMIN_PASSWORD was configured: to be shown once. */
  generatedAdminPassword?: string;
}

/** Builds the services and starts their background work; the schema must already be migrated. */
export async function startServices(config: Config, database: Database): Promise<StartedServices> {
  const data: Data = createData(database.db);
  const bootstrap = await bootstrapHost(data, config);
  const tokenSecret = config.tokenSecret ?? (await data.hostSettings.getOrInit('token_secret', randomSecret(48)));
  const gate = new CredentialGate(data, config.accessTokenSeconds);
  await gate.start(database);
  const profiles = new CallerProfiles(data, gate);
  const tokens = new AccessTokens(tokenSecret, config.accessTokenSeconds);
  const auth = new Authentication(data, config, tokens, gate, profiles, tokenSecret);
  const apiKeyVerifier = new ApiKeyVerifier(data, gate, profiles);
  auth.useBearerVerifier((credential) => apiKeyVerifier.verify(credential));

  const tenantLifecycle = new TenantLifecycle(data, gate);

  const services: Services = {
    config,
    auth,
    gate,
    tenantLifecycle,
    tenantSearch: createTenantSearch(data),
    apiKeys: new ApiKeyManagement(data, gate),
    session: { currentLoginInformations: (caller) => currentLoginInformations(data, caller) },
    async health() {
      try {
        await database.ping();
        return { database: 'ok', engine: database.engine };
      } catch {
        return { database: 'unavailable', engine: database.engine };
      }
    },
    async stop() {
      await apiKeyVerifier.stop();
      await gate.stop();
    },
  };
  return bootstrap.generatedPassword ? { services, generatedAdminPassword: bootstrap.generatedPassword } : { services };
}

/** Any thrown value as an AppError: known database errors keep their meaning, the rest become `internal`. */
export function asAppError(error: unknown): AppError {
  const translated = translateDatabaseError(error);
  if (isAppError(translated)) return translated;
  return new AppError('internal', 'An internal error occurred during your request.', { cause: error });
}
