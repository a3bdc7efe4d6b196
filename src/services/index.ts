import type { Config } from '../config.js';
import type { Database } from '../data/database.js';
import { gatheredCounters } from './security/gathered-counters.js';
import { importTenants } from './tenants/bulk-import.js';
import { translateDatabaseError } from '../data/errors.js';
import { createData, type Data } from '../data/index.js';
import { AppError, isAppError } from '../domain/errors.js';
import { EVENT_TOPIC, WEBHOOK_TOPIC } from '../domain/events.js';
import { MAIL_TOPIC } from '../domain/mail.js';
import { ApiKeyManagement } from './api-keys/management.js';
import { HostApiKeys } from './api-keys/host-api-keys.js';
import { AuditLogReader } from './audit/audit-log-reader.js';
import { HostDashboard } from './dashboard/host-dashboard.js';
import { Housekeeping } from './housekeeping/housekeeping.js';
import { ApiKeyVerifier } from './api-keys/verifier.js';
import { Authentication } from './auth/authentication.js';
import { AutoLogin } from './auth/auto-login.js';
import { CallerProfiles } from './auth/caller-profiles.js';
import { RestSessions } from './auth/rest-sessions.js';
import { Impersonation } from './auth/impersonation.js';
import { PackageCatalogue } from './catalogue/packages.js';
import { currentLoginInformations } from './auth/current-login.js';
import { Coupons } from './catalogue/coupons.js';
import { ProductCatalogue } from './catalogue/products.js';
import { bootstrapHost } from './host-bootstrap.js';
import { LeadSubmission } from './onboarding/lead-submission.js';
import { LeadPipeline } from './onboarding/lead-pipeline.js';
import { TenantSubscriptions } from './payments/tenant-subscriptions.js';
import { PublicInvoices } from './onboarding/public-invoices.js';
import { TenantRegistration } from './onboarding/registration.js';
import { eventFanOut } from './events/emit.js';
import { EventSubscriptions } from './events/event-subscriptions.js';
import { SubscriptionSecrets } from './events/subscription-secrets.js';
import { WebhookDelivery } from './events/webhook-delivery.js';
import { IdempotencyKeys } from './idempotency/idempotency-keys.js';
import { StripeWebhooks } from './payments/stripe-webhooks.js';
import { TenantResolution } from './tenants/availability.js';
import { OutboxDispatcher } from './outbox/dispatcher.js';
import { OutboxOperations } from './outbox/outbox-operations.js';
import { smtpMailer } from './outbox/smtp-mail.js';
import { stripeClient, StripeCheckout } from './payments/stripe-checkout.js';
import { GeneralSettings } from './settings/general-settings.js';
import { PaymentSettings } from './settings/payment-settings.js';
import { AccessTokens } from './security/access-tokens.js';
import { CredentialGate } from './security/credential-gate.js';
import { OneTimeTokens } from './security/one-time-tokens.js';
import { noPaymentCheckout } from './payments/checkout.js';
import { randomSecret } from './security/secrets.js';
import { RateLimiter } from './security/rate-limiter.js';
import { redisRateLimitCounters } from '../data/redis-rate-limits.js';
import { HostConfiguration } from './settings/host-configuration.js';
import { TenantLifecycle } from './tenants/lifecycle.js';
import { TenantArchives } from './tenants/tenant-archive.js';
import { TenantPurge } from './tenants/purge.js';
import { TenantRegistry } from './tenants/registry.js';
import { TenantRateLimitSettings } from './tenants/tenant-rate-limits.js';
import { createTenantSearch } from './tenants/search.js';
import { unlinkTenantUsers } from './links/link-groups.js';
import { UserLinks } from './links/user-links.js';
import { RememberedClients } from './two-factor/remembered-clients.js';
import { TwoFactor } from './two-factor/two-factor.js';
import { TwoFactorSecrets } from './two-factor/two-factor-secrets.js';
import { TwoFactorSettings } from './two-factor/two-factor-settings.js';
import { UserManagement } from './users/user-management.js';
import { RoleManagement } from './users/role-management.js';
import { TenantInvoices } from './payments/tenant-invoices.js';
import { UserPasswords } from './users/user-passwords.js';
import { AccountCodes } from './account/account-codes.js';
import { AccountMail } from './account/account-mail.js';
import { ACCOUNT_REQUEST_TOPIC, AccountRequests } from './account/account-requests.js';
import { AccountPolicies } from './settings/account-policies.js';
import { AccountSettings } from './settings/account-settings.js';
import { AllSettings } from './settings/all-settings.js';
import { NO_METRICS } from './metrics/service-metrics.js';
import type { ServiceDependencies, ServiceInternals, Services, StartedServices } from './services.js';

export type { ServiceDependencies, ServiceInternals, Services, StartedServices } from './services.js';

/** How long the readiness check waits for the database's answer. */
const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** Builds the services and starts their background work; the schema must already be migrated. */
export async function startServices(config: Config, database: Database, dependencies: ServiceDependencies): Promise<StartedServices> {
  const { log } = dependencies;
  const metrics = dependencies.metrics;
  const counted = metrics ?? NO_METRICS;
  const data: Data = createData(database.db, database.readRouting);
  const bootstrap = await bootstrapHost(data, config);
  const tokenSecret = config.tokenSecret ?? (await data.hostSettings.getOrInit('token_secret', randomSecret(48)));
  const gate = new CredentialGate(data, config.accessTokenSeconds);
  await gate.start(database, config.revocationPollMs);
  const profiles = new CallerProfiles(data, gate);
  const tokens = new AccessTokens(tokenSecret, config.accessTokenSeconds);
  const apiKeyVerifier = new ApiKeyVerifier(data, gate, profiles, (error) => log.warn({ err: error }, "recording an API key's last use failed"));
  const policies = new AccountPolicies(data, config.lockout);
  const twoFactorSettings = new TwoFactorSettings(data, gate);
  const twoFactorSecrets = new TwoFactorSecrets(await data.hostSettings.getOrInit('two_factor_key', randomSecret(32)));
  const twoFactor = new TwoFactor(data, twoFactorSecrets, gate, new RememberedClients(data, twoFactorSettings));
  const auth = new Authentication(data, config, tokens, gate, profiles, tokenSecret, apiKeyVerifier, policies, twoFactor, counted);

  const tenantLifecycle = new TenantLifecycle(data, gate, [unlinkTenantUsers]);
  const oneTimeTokens = new OneTimeTokens(data, gate);
  const background = dependencies.background ?? true;
  const accountMail = new AccountMail(config, oneTimeTokens);
  const accountRequests = new AccountRequests(data, accountMail);
  const tenantPurge = new TenantPurge(data, config.tenantRetentionDays);
  if (background) tenantPurge.start();
  const autoLogin = new AutoLogin(data, config, oneTimeTokens, auth);
  const hostConfiguration = new HostConfiguration(data, config, gate);
  const subscriptionSecrets = new SubscriptionSecrets(await data.hostSettings.getOrInit('webhook_secret_key', randomSecret(32)));
  const outbox = new OutboxDispatcher(data, config.outbox, log, counted);
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  if (mailer) outbox.handle(MAIL_TOPIC, mailer.deliver);
  outbox.handle(EVENT_TOPIC, eventFanOut(data));
  outbox.handle(ACCOUNT_REQUEST_TOPIC, accountRequests.handle);
  outbox.handle(WEBHOOK_TOPIC, new WebhookDelivery(data, subscriptionSecrets, config.webhooks, log).deliver);
  if (background) await outbox.start(database);

  const redisCounters = config.redisUrl ? redisRateLimitCounters(config.redisUrl, config.redisKeyPrefix) : undefined;
  const rateLimits = new RateLimiter(redisCounters ?? gatheredCounters(data.rateLimits), config.rateLimits, (error) => log.warn({ err: error }, 'counting a rate limit failed'), counted);
  if (!redisCounters && background) rateLimits.startSweeping(() => data.rateLimits.deleteEnded(new Date()));
  const housekeeping = new Housekeeping(data, config.housekeeping, log, counted);
  if (background) housekeeping.start();

  const tenantRegistry = new TenantRegistry(data, tenantLifecycle, hostConfiguration, config, policies);
  const checkout =
    dependencies.checkout ??
    (config.stripeSecretKey ? new StripeCheckout(stripeClient(config.stripeSecretKey, config.stripeApiBase), log) : noPaymentCheckout);

  metrics?.watchPools(() => database.poolUse());
  metrics?.watchOutbox(() => data.outboxStatus.byTopic(), [MAIL_TOPIC, WEBHOOK_TOPIC, EVENT_TOPIC, ACCOUNT_REQUEST_TOPIC]);

  const generalSettings = new GeneralSettings(data);
  const services: Services = {
    config,
    auth,
    tenantLifecycle,
    tenantSearch: createTenantSearch(data),
    users: new UserManagement(data, gate, policies, accountMail),
    roles: new RoleManagement(data, gate),
    passwords: new UserPasswords(data, gate, auth, policies),
    userLinks: new UserLinks(data, auth, oneTimeTokens),
    impersonation: new Impersonation(data, gate, oneTimeTokens, auth),
    tenantPurge,
    products: new ProductCatalogue(data),
    coupons: new Coupons(data),
    leads: new LeadSubmission(data),
    leadPipeline: new LeadPipeline(data),
    tenantSubscriptions: new TenantSubscriptions(data),
    registration: new TenantRegistration(data, config, autoLogin, auth, checkout, policies, accountMail),
    invoices: new PublicInvoices(data),
    tenantInvoices: new TenantInvoices(data),
    autoLogin,
    tenantRegistry,
    tenantImport: (caller, input) => importTenants({ data, hostConfiguration, config, policies }, caller, input),
    restSessions: new RestSessions(data, auth),
    packages: new PackageCatalogue(data),
    hostConfiguration,
    generalSettings,
    allSettings: new AllSettings(generalSettings, new AccountSettings(data, policies)),
    accountRequests,
    accountCodes: new AccountCodes(data, gate, oneTimeTokens, policies),
    paymentSettings: new PaymentSettings(data),
    apiKeys: new ApiKeyManagement(data, gate, config.rateLimits),
    hostApiKeys: new HostApiKeys(data, gate),
    outbox: new OutboxOperations(data),
    tenantArchives: new TenantArchives(data, subscriptionSecrets),
    rateLimits,
    tenantRateLimits: new TenantRateLimitSettings(data, gate),
    events: new EventSubscriptions(data, subscriptionSecrets, { allowPrivateTargets: config.webhooks.allowPrivateTargets }),
    auditLog: new AuditLogReader(data),
    hostDashboard: new HostDashboard(data),
    idempotencyKeys: new IdempotencyKeys(data),
    stripeWebhooks: new StripeWebhooks(data, config.stripeWebhookSecret),
    tenantResolution: new TenantResolution(data, config.publicUrl),
    asReader: (reader, work) => (database.readRouting ? database.readRouting.asReader(reader, work) : work()),
    session: { currentLoginInformations: (caller) => currentLoginInformations(data, caller) },
    twoFactor,
    twoFactorSettings,
    metrics,
    async health() {
      // A hung database never answers the ping: readiness says so within its own bound instead of hanging too.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'unavailable'>((resolve) => (timer = setTimeout(() => resolve('unavailable'), HEALTH_CHECK_TIMEOUT_MS)));
      const pinged = database.ping().then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
      const state = await Promise.race([pinged, timedOut]).finally(() => clearTimeout(timer));
      return { database: state, engine: database.engine };
    },
  };
  const internals: ServiceInternals = {
    gate,
    outbox,
    checkout,
    housekeeping,
    async stop() {
      await tenantPurge.stop();
      await housekeeping.stop();
      await outbox.stop();
      mailer?.close();
      await apiKeyVerifier.stop();
      rateLimits.stop();
      await redisCounters?.close();
      await gate.stop();
    },
  };
  return bootstrap.generatedPassword ? { services, internals, generatedAdminPassword: bootstrap.generatedPassword } : { services, internals };
}

/** Any thrown value as an AppError: known database errors keep their meaning, the rest become `internal`. */
export function asAppError(error: unknown): AppError {
  const translated = translateDatabaseError(error);
  if (isAppError(translated)) return translated;
  return new AppError('internal', 'An internal error occurred during your request.', { cause: error });
}
