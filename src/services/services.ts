import type { Config } from '../config.js';
import type { Database } from '../data/database.js';
import type { TenantImport, TenantImportReport } from './tenants/bulk-import.js';
import type { Caller } from '../domain/caller.js';
import type { ApiKeyManagement } from './api-keys/management.js';
import type { HostApiKeys } from './api-keys/host-api-keys.js';
import type { AuditLogReader } from './audit/audit-log-reader.js';
import type { HostDashboard } from './dashboard/host-dashboard.js';
import type { Housekeeping } from './housekeeping/housekeeping.js';
import type { Authentication } from './auth/authentication.js';
import type { AutoLogin } from './auth/auto-login.js';
import type { RestSessions } from './auth/rest-sessions.js';
import type { Impersonation } from './auth/impersonation.js';
import type { PackageCatalogue } from './catalogue/packages.js';
import type { CurrentLoginInformations } from './auth/current-login.js';
import type { Coupons } from './catalogue/coupons.js';
import type { ProductCatalogue } from './catalogue/products.js';
import type { LeadSubmission } from './onboarding/lead-submission.js';
import type { LeadPipeline } from './onboarding/lead-pipeline.js';
import type { TenantSubscriptions } from './payments/tenant-subscriptions.js';
import type { PublicInvoices } from './onboarding/public-invoices.js';
import type { TenantRegistration } from './onboarding/registration.js';
import type { ServiceLog } from './log.js';
import type { EventSubscriptions } from './events/event-subscriptions.js';
import type { IdempotencyKeys } from './idempotency/idempotency-keys.js';
import type { StripeWebhooks } from './payments/stripe-webhooks.js';
import type { TenantResolution } from './tenants/availability.js';
import type { OutboxDispatcher } from './outbox/dispatcher.js';
import type { OutboxOperations } from './outbox/outbox-operations.js';
import type { GeneralSettings } from './settings/general-settings.js';
import type { PaymentSettings } from './settings/payment-settings.js';
import type { CredentialGate } from './security/credential-gate.js';
import type { PaymentCheckout } from './payments/checkout.js';
import type { RateLimiter } from './security/rate-limiter.js';
import type { HostConfiguration } from './settings/host-configuration.js';
import type { TenantLifecycle } from './tenants/lifecycle.js';
import type { TenantArchives } from './tenants/tenant-archive.js';
import type { TenantPurge } from './tenants/purge.js';
import type { TenantRegistry } from './tenants/registry.js';
import type { TenantRateLimitSettings } from './tenants/tenant-rate-limits.js';
import type { TenantSearch } from './tenants/search.js';
import type { UserLinks } from './links/user-links.js';
import type { TwoFactor } from './two-factor/two-factor.js';
import type { TwoFactorSettings } from './two-factor/two-factor-settings.js';
import type { UserManagement } from './users/user-management.js';
import type { RoleManagement } from './users/role-management.js';
import type { TenantInvoices } from './payments/tenant-invoices.js';
import type { UserPasswords } from './users/user-passwords.js';
import type { AccountCodes } from './account/account-codes.js';
import type { AccountRequests } from './account/account-requests.js';
import type { AllSettings } from './settings/all-settings.js';
import type { PrometheusMetrics } from './metrics/prometheus-metrics.js';

/** Every use case the HTTP surfaces may call, built over one database. */
export interface Services {
  config: Config;
  auth: Authentication;
  tenantLifecycle: TenantLifecycle;
  tenantSearch: TenantSearch;
  users: UserManagement;
  /** The roles of the caller's tenant: create, change, delete, and the permissions they can grant. */
  roles: RoleManagement;
  passwords: UserPasswords;
  userLinks: UserLinks;
  impersonation: Impersonation;
  tenantPurge: TenantPurge;
  products: ProductCatalogue;
  coupons: Coupons;
  leads: LeadSubmission;
  /** The host's lead pipeline: listing leads by stage, tag and conversion, and moving them between stages. */
  leadPipeline: LeadPipeline;
  /** A tenant's subscriptions, for the host or the tenant itself. */
  tenantSubscriptions: TenantSubscriptions;
  registration: TenantRegistration;
  invoices: PublicInvoices;
  /** A tenant's invoices, listed for its admins and for the host. */
  tenantInvoices: TenantInvoices;
  autoLogin: AutoLogin;
  tenantRegistry: TenantRegistry;
  /** The bulk import of many tenants (CSV or JSON lines): see `importTenants`. */
  tenantImport: (caller: Caller, input: TenantImport) => Promise<TenantImportReport>;
  restSessions: RestSessions;
  packages: PackageCatalogue;
  hostConfiguration: HostConfiguration;
  generalSettings: GeneralSettings;
  /** ABP's `GetAllSettings`/`UpdateAllSettings`: general, password policy, lockout, e-mail confirmation. */
  allSettings: AllSettings;
  /** Anonymous requests for account e-mails (password reset, address confirmation, invitation again). */
  accountRequests: AccountRequests;
  /** Redeeming the codes those e-mails carry. */
  accountCodes: AccountCodes;
  paymentSettings: PaymentSettings;
  apiKeys: ApiKeyManagement;
  /** Any tenant's API keys, for platform operators (the CLI). */
  hostApiKeys: HostApiKeys;
  /** One tenant's whole data as an archive, and its import into another installation. */
  tenantArchives: TenantArchives;
  /** The outbox's state and retries of given-up messages, for platform operators. */
  outbox: OutboxOperations;
  /** Rate limits per API key, client IP and signing-in account, counted where every instance sees them. */
  rateLimits: RateLimiter;
  tenantRateLimits: TenantRateLimitSettings;
  events: EventSubscriptions;
  auditLog: AuditLogReader;
  hostDashboard: HostDashboard;
  idempotencyKeys: IdempotencyKeys;
  stripeWebhooks: StripeWebhooks;
  tenantResolution: TenantResolution;
  session: { currentLoginInformations(caller: Caller): Promise<CurrentLoginInformations> };
  /** Runs a request on behalf of its reader, so that a read replica never shows it older than its own writes. */
  asReader<T>(reader: string, work: () => T): T;
  /** The caller's own authenticator app (enrol, confirm, disable) and the tenant's two-factor settings. */
  twoFactor: TwoFactor;
  twoFactorSettings: TwoFactorSettings;
  /** The Prometheus metrics, when METRICS_ENABLED: the HTTP layer counts requests into them and serves `/metrics`. */
  metrics: PrometheusMetrics | undefined;
  /** Liveness of what the service depends on. */
  health(): Promise<{ database: 'ok' | 'unavailable'; engine: Database['engine'] }>;
}


/** The background machinery under the use cases: for the composition root and medium-tier tests, not for handlers. */
export interface ServiceInternals {
  /** Follows revocations across instances. */
  gate: CredentialGate;
  /** Delivers the transactional outbox (webhooks; e-mail over SMTP when SMTP_URL is set). */
  outbox: OutboxDispatcher;
  /** The payment provider registrations ask for a checkout page. */
  checkout: PaymentCheckout;
  /** Deletes rows that no longer serve anyone (delivered messages, spent tokens, …) every HOUSEKEEPING_INTERVAL_MINUTES. */
  housekeeping: Housekeeping;
  /** Stops background work (event following, deliveries). The database is closed by its owner. */
  stop(): Promise<void>;
}

export interface StartedServices {
  services: Services;
  internals: ServiceInternals;
  /** Set on the first start when no ADMIN_PASSWORD was configured: to be shown once. */
  generatedAdminPassword?: string;
}

/** What the composition root is given besides configuration and database; tests stand in for the payment provider here. */
export interface ServiceDependencies {
  /** The process logger (pino), also handed to the HTTP app. */
  log: ServiceLog;
  /** The payment provider; by default Stripe when STRIPE_SECRET_KEY is set, else none. */
  checkout?: PaymentCheckout;
  /**
   * Start the background work (outbox delivery, scheduled purges, counter sweeps, housekeeping); default true. A one-shot
   * command (the CLI) runs use cases only and leaves delivery to the servers.
   */
  background?: boolean;
  /** The metrics the use cases count into (METRICS_ENABLED); the pools and the outbox are read from here on a scrape. */
  metrics?: PrometheusMetrics | undefined;
}
