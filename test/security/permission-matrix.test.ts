import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessTokens } from '../../src/services/security/access-tokens.js';
import { generateKey } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { createTenantWithUser } from '../helpers/tenant-with-user.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Who may call what, for every RPC method and the REST tenant resource, tried with every kind of caller.
 * Inputs are well-formed so that the answer is about permission, not validation; an allowed caller may still
 * get a 400, 404 or 409 from the method itself — what matters is that it is not refused (401/403).
 */
type Scope =
  | 'host' // host operators only (tenant callers: 403)
  | 'admin' // tenant admins and the host (a tenant user without permissions: 403)
  | 'tenantAdmin' // tenant admins only (the host has no such thing: 403)
  | 'user' // any signed-in user
  | 'tenantUser' // any signed-in tenant user (the host: refused)
  | 'linkedUser' // only the tenant user, who is linked to the target account
  | 'anyone'; // anonymous methods (tenant resolution before sign-in): a bad credential is ignored, a key keeps its paths

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The path an API key is restricted to for "a key of the right path". */
  keyPath: string;
  scope: Scope;
  /** Methods an API key may never call (keys, passwords, account links). */
  refusesKeys?: boolean;
  body?: () => unknown;
}

const rpc = (name: string, scope: Scope, body?: () => unknown, options: { refusesKeys?: boolean; method?: Case['method'] } = {}): Case => {
  const method = options.method ?? (/^Get/.test(name.split('/')[2]!) ? 'GET' : /^(Update|Put)/.test(name.split('/')[2]!) ? 'PUT' : /^(Delete|Remove)/.test(name.split('/')[2]!) ? 'DELETE' : 'POST');
  const query = method === 'GET' || method === 'DELETE' ? toQuery(body?.()) : '';
  return {
    name,
    method,
    path: `/api/services/${name}${query}`,
    keyPath: name,
    scope,
    refusesKeys: options.refusesKeys ?? false,
    body: method === 'GET' || method === 'DELETE' ? undefined : body ?? (() => ({})),
  };
};

function toQuery(args: unknown): string {
  if (!args) return '';
  const pairs = Object.entries(args as Record<string, unknown>).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

const NO_SUCH_ID = 987_654_321;
/** The account the tenant user is linked to (set up before the matrix runs). */
const linkTarget = { targetUserId: 0, targetTenantId: 0 };
/** No such user in the matrix's tenant: a tenant admin and the host may ask (404), nobody else. */
const impersonationTarget = { userId: NO_SUCH_ID, tenantId: 0 };
const future = () => new Date(Date.now() + 86_400_000).toISOString();
const product = () => ({ name: unique('Plan'), prices: [{ paymentPeriodType: 'Monthly', amount: 10, currency: 'USD' }] });

const cases: Case[] = [
  rpc('app/Session/GetCurrentLoginInformations', 'user'),
  rpc('CRM/Product/CreateProduct', 'host', product),
  rpc('CRM/Product/GetProducts', 'host'),
  rpc('CRM/Product/UpdateProduct', 'host', () => ({ id: NO_SUCH_ID, ...product() })),
  rpc('CRM/Product/DeleteProduct', 'host', () => ({ id: NO_SUCH_ID })),
  rpc('CRM/Coupon/CreateCoupon', 'host', () => ({ code: unique('C'), percentOff: 10 })),
  rpc('CRM/Coupon/GetCoupons', 'host'),
  rpc('CRM/Coupon/UpdateCoupon', 'host', () => ({ id: NO_SUCH_ID, maxRedemptions: 5 })),
  rpc('CRM/Coupon/DeleteCoupon', 'host', () => ({ id: NO_SUCH_ID })),
  rpc('CRM/Lead/SubmitTenancyRequest', 'host', () => ({
    companyName: 'Acme',
    products: [{ productId: NO_SUCH_ID, paymentPeriodType: 'Monthly', quantity: 1 }],
    city: 'Springfield',
    state: 'IL',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phone: '+14155552671',
  })),
  rpc('CRM/Lead/GetLeads', 'host', () => ({ stage: 'New', isConverted: false })),
  rpc('CRM/Lead/UpdateLead', 'host', () => ({ id: NO_SUCH_ID, stage: 'Qualified' })),
  rpc('Platform/TenantSubscription/GetSubscriptions', 'admin'),
  rpc('Platform/TenantSubscription/CompleteTenantRegistration', 'host', () => ({
    requestXref: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    tenantName: 'Acme',
    companyName: 'Acme',
    adminPassword: 'Acme-admin-1',
  })),
  rpc('Platform/Tenant/GetTenants', 'host'),
  rpc('Platform/Tenant/GetTenantForEdit', 'host', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/Tenant/UpdateTenant', 'host', () => ({ id: NO_SUCH_ID, city: 'Lyon' })),
  rpc('Platform/Tenant/SetTenantActive', 'host', () => ({ id: NO_SUCH_ID, isActive: true })),
  rpc('Platform/Tenant/SetTenantRateLimits', 'host', () => ({ tenantId: NO_SUCH_ID, rateLimitPerMinute: 10, rateLimitPerDay: null })),
  rpc('Platform/Tenant/DeleteTenant', 'host', () => ({ Id: NO_SUCH_ID })),
  rpc('Platform/Tenant/RestoreTenant', 'host', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/Tenant/PurgeTenant', 'host', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/Package/CreatePackage', 'host', () => ({ name: unique('Package') })),
  rpc('Platform/Package/GetPackages', 'host'),
  rpc('Platform/Package/GetTenantPackages', 'host', () => ({ tenantId: NO_SUCH_ID })),
  rpc('Platform/Package/DeletePackage', 'host', () => ({ id: 'ffffffffffffffffffffffffffffffff' })),
  rpc('Platform/HostSettings/GetTenantConfiguration', 'host'),
  rpc('Platform/HostDashboard/GetDashboardStatisticsData', 'host'),
  rpc('Platform/HostSettings/UpdateTenantConfiguration', 'host', () => ({})),
  rpc('Platform/TenantSettings/GetGeneralSettings', 'admin'),
  rpc('Platform/TenantSettings/UpdateGeneralSettings', 'admin', () => ({})),
  rpc('Platform/TenantSettings/GetAllSettings', 'admin'),
  rpc('Platform/TenantSettings/UpdateAllSettings', 'admin', () => ({})),
  rpc('Platform/HostSettings/GetAllSettings', 'host'),
  rpc('Platform/HostSettings/UpdateAllSettings', 'host', () => ({})),
  rpc('CRM/TenantPaymentSettings/GetStripeSettings', 'tenantAdmin'),
  rpc('CRM/TenantPaymentSettings/SetStripeConnectedAccount', 'tenantAdmin', () => ({ connectedAccountId: 'acct_1MD475HHdexuAbVt' })),
  rpc('Platform/Event/Subscribe', 'admin', () => ({ eventName: 'LeadCreated', targetUrl: `https://hooks.example.com/${unique('m')}` })),
  rpc('Platform/Event/GetSubscriptions', 'admin'),
  rpc('Platform/Event/Unsubscribe', 'admin', () => ({ id: NO_SUCH_ID }), { method: 'DELETE' }),
  rpc('Platform/Event/GetEventExecutions', 'admin', () => ({ eventSubscriptionId: NO_SUCH_ID })),
  rpc('Platform/Event/Redeliver', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/Event/RotateSecret', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/ApiKey/Generate', 'admin', () => ({ name: unique('key'), expirationDate: future() }), { refusesKeys: true }),
  rpc('Platform/ApiKey/GetAll', 'admin'),
  rpc('Platform/ApiKey/Update', 'admin', () => ({ id: NO_SUCH_ID, name: 'renamed' }), { refusesKeys: true }),
  rpc('Platform/ApiKey/Delete', 'admin', () => ({ id: NO_SUCH_ID }), { refusesKeys: true }),
  rpc('Platform/User/CreateUser', 'admin', () => {
    const userName = unique('u');
    // No password: a key may create users but not set their passwords (docs/security.md).
    return { userName, name: 'New', surname: 'User', emailAddress: `${userName}@example.com`, isActive: true, roleNames: [] };
  }),
  rpc('Platform/User/GetUsers', 'admin'),
  rpc('Platform/User/GetUser', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/User/UpdateUser', 'admin', () => ({ id: NO_SUCH_ID, name: 'Renamed' })),
  rpc('Platform/User/DeleteUser', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/User/UpdateUserRoles', 'admin', () => ({ userId: NO_SUCH_ID, roleNames: [] })),
  rpc('Platform/User/ResetPassword', 'admin', () => ({ userId: NO_SUCH_ID, newPassword: 'Reset-pass-1' }), { refusesKeys: true }),
  rpc('Platform/User/UnlockUser', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/User/GetAutoLoginLink', 'admin', () => ({ userId: NO_SUCH_ID, lifeTimeMinutes: 5 })),
  rpc('Platform/Role/GetRoles', 'admin'),
  rpc('Platform/Role/CreateRole', 'admin', () => ({ name: unique('Role'), grantedPermissionNames: [] })),
  rpc('Platform/Role/UpdateRole', 'admin', () => ({ id: NO_SUCH_ID, displayName: 'Renamed' })),
  rpc('Platform/Role/DeleteRole', 'admin', () => ({ id: NO_SUCH_ID })),
  rpc('Platform/Permission/GetAllPermissions', 'admin'),
  rpc('CRM/Invoice/GetInvoices', 'admin', () => ({ tenantId: NO_SUCH_ID })),
  rpc('Platform/AuditLog/GetAuditLogs', 'admin', () => ({ action: 'user.', maxResultCount: 5 })),
  rpc('Platform/User/ChangePassword', 'user', () => ({ currentPassword: 'not-the-password', newPassword: 'Changed-pass-1' }), { refusesKeys: true }),
  rpc('Platform/UserLink/GetLinkedUsers', 'user'),
  rpc('Platform/UserLink/GetRecentlyUsedLinkedUsers', 'user'),
  rpc('Platform/UserLink/LinkToUser', 'tenantUser', () => ({ tenancyName: 'NoSuchTenancy', usernameOrEmailAddress: 'admin', password: 'whatever-1' }), {
    refusesKeys: true,
  }),
  rpc('Platform/UserLink/UnlinkUser', 'user', () => ({ userId: NO_SUCH_ID, tenantId: NO_SUCH_ID }), { refusesKeys: true }),
  rpc('Platform/Account/SwitchToLinkedAccount', 'linkedUser', () => linkTarget, { refusesKeys: true }),
  rpc('Platform/Account/Impersonate', 'admin', () => impersonationTarget, { refusesKeys: true }),
  rpc('Platform/Account/BackToImpersonator', 'user'),
  rpc('app/Profile/GenerateGoogleAuthenticatorKey', 'user', undefined, { refusesKeys: true }),
  rpc('app/Profile/UpdateGoogleAuthenticatorKey', 'user', () => ({ authenticatorCode: '000000' }), { refusesKeys: true }),
  rpc('app/Profile/DisableGoogleAuthenticator', 'user', () => ({ password: 'not-the-password' }), { refusesKeys: true }),
  rpc('app/Profile/GetTwoFactorStatus', 'user'),
  rpc('Platform/TenantSettings/GetTwoFactorLoginSettings', 'admin'),
  rpc('Platform/TenantSettings/UpdateTwoFactorLoginSettings', 'admin', () => ({ isRequiredForAdmins: false, isRememberBrowserEnabled: true })),
  rpc('Platform/Account/IsTenantAvailable', 'anyone', () => ({ tenancyName: 'NoSuchTenancy' })),
  rpc('Platform/Account/ResolveTenantId', 'anyone', () => ({ c: 'NoSuchTenancy' })),
  rpc('Platform/Account/SendPasswordResetCode', 'anyone', () => ({ emailAddress: 'nobody@example.com', tenancyName: 'NoSuchTenancy' })),
  rpc('Platform/Account/GetResetPasswordCodeInfo', 'anyone', () => ({ userId: NO_SUCH_ID, resetCode: 'not-a-code' })),
  rpc('Platform/Account/ResetPassword', 'anyone', () => ({ userId: NO_SUCH_ID, resetCode: 'not-a-code', password: 'Whatever-pass-1' })),
  rpc('Platform/Account/SendEmailActivationLink', 'anyone', () => ({ emailAddress: 'nobody@example.com', tenancyName: 'NoSuchTenancy' })),
  rpc('Platform/Account/ActivateEmail', 'anyone', () => ({ userId: NO_SUCH_ID, confirmationCode: 'not-a-code' })),
  rpc('Platform/Account/AcceptInvitation', 'anyone', () => ({ userId: NO_SUCH_ID, invitationCode: 'not-a-code', password: 'Whatever-pass-1' })),
  { name: 'REST search', method: 'GET', path: '/networking/rest/tenant?alt=json', keyPath: '/networking/rest/tenant', scope: 'host' },
  { name: 'REST read', method: 'GET', path: `/networking/rest/tenant/${NO_SUCH_ID}?alt=json`, keyPath: '/networking/rest/tenant', scope: 'host' },
  {
    name: 'REST update',
    method: 'PUT',
    path: `/networking/rest/tenant/${NO_SUCH_ID}?alt=json`,
    keyPath: '/networking/rest/tenant',
    scope: 'host',
    body: () => ({ platform: { tenant: { classification: 'gold' } } }),
  },
  { name: 'REST delete', method: 'DELETE', path: `/networking/rest/tenant/${NO_SUCH_ID}?alt=json`, keyPath: '/networking/rest/tenant', scope: 'host' },
];

type CallerKind = 'anonymous' | 'expired token' | 'key of another path' | 'key of the right path' | 'tenant user' | 'tenant admin' | 'host admin';

/** What each kind of caller must get: `refused:401`, `refused:403`, or `allowed` (any answer but 401/403). */
function expected(c: Case, caller: CallerKind): 'refused:401' | 'refused:403' | 'allowed' {
  if (c.scope === 'anyone') return caller === 'key of another path' ? 'refused:403' : 'allowed';
  if (caller === 'anonymous' || caller === 'expired token') return 'refused:401';
  if (caller === 'key of another path') return 'refused:403';
  if (caller === 'key of the right path') return c.refusesKeys ? 'refused:403' : expected(c, 'host admin');
  const host = caller === 'host admin';
  const admin = caller === 'tenant admin';
  switch (c.scope) {
    case 'host':
      return host ? 'allowed' : 'refused:403';
    case 'admin':
      return host || admin ? 'allowed' : 'refused:403';
    case 'tenantAdmin':
      return admin ? 'allowed' : 'refused:403';
    case 'user':
      return 'allowed';
    case 'tenantUser':
      return host ? 'refused:403' : 'allowed';
    case 'linkedUser':
      return caller === 'tenant user' ? 'allowed' : 'refused:403';
  }
}

for (const engine of testEngines()) {
  describe(`the permission matrix on ${engine.name}`, () => {
    let t: TestApp;
    const tokens = {} as Record<Exclude<CallerKind, 'key of the right path' | 'key of another path'>, string | undefined>;
    let hostToken: string;
    const otherPathKeys: { path: string; key: string }[] = [];

    before(async () => {
      t = await startTestApp(engine);
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const hostCaller = await t.services.auth.callerFromBearer(hostToken);
      const tenant = await createTenantWithUser(t);
      const expired = await new AccessTokens(t.config.tokenSecret!, 60).issue(
        { userId: hostCaller.userId, tenantId: hostCaller.tenantId, sessionId: hostCaller.sessionId!, origin: 'password' },
        Date.now() - 3_600_000,
      );
      tokens.anonymous = undefined;
      tokens['expired token'] = expired.token;
      otherPathKeys.push(
        { path: 'app/Session/GetCurrentLoginInformations', key: (await generateKey(t, hostToken, { paths: 'app/Session/GetCurrentLoginInformations' })).key },
        { path: 'Platform/Role/GetRoles', key: (await generateKey(t, hostToken, { paths: 'Platform/Role/GetRoles' })).key },
      );
      const other = await createTenant(t);
      const linked = await t.http.post(
        '/api/services/Platform/UserLink/LinkToUser',
        { tenancyName: other.tenant.tenancy_name, usernameOrEmailAddress: 'admin', password: other.password },
        { token: tenant.userToken },
      );
      assert.equal(linked.status, 200, linked.text);
      Object.assign(linkTarget, { targetUserId: other.admin.id, targetTenantId: other.tenant.id });
      impersonationTarget.tenantId = tenant.tenant.tenant.id;
      tokens['tenant user'] = tenant.userToken;
      tokens['tenant admin'] = tenant.adminToken;
      tokens['host admin'] = hostToken;
    });
    after(() => t.close());

    it('every RPC method declared by the service is in the matrix', async () => {
      const spec = (await t.http.get('/openapi.json')).body;
      const declared = Object.keys(spec.paths).filter((p) => p.startsWith('/api/services/')).map((p) => p.slice('/api/services/'.length));
      const covered = new Set(cases.filter((c) => c.path.startsWith('/api/services/')).map((c) => c.keyPath.toLowerCase()));
      assert.deepEqual(declared.filter((p) => !covered.has(p.toLowerCase())).sort(), []);
    });

    for (const c of cases) {
      it(`${c.method} ${c.name}: each caller gets exactly what it may`, async () => {
        const rightKey = (await generateKey(t, hostToken, { paths: c.keyPath })).key;
        const outcomes: string[] = [];
        const wanted: string[] = [];
        for (const caller of ['anonymous', 'expired token', 'key of another path', 'key of the right path', 'tenant user', 'tenant admin', 'host admin'] as const) {
          const token =
            caller === 'key of the right path'
              ? rightKey
              : caller === 'key of another path'
                ? otherPathKeys.find((k) => k.path !== c.keyPath)!.key
                : tokens[caller];
          const answer = await t.http.request(c.method, c.path, c.body?.(), { token });
          const outcome = answer.status === 401 || answer.status === 403 ? `refused:${answer.status}` : 'allowed';
          assert.notEqual(answer.status, 500, `${caller}: ${answer.text}`);
          outcomes.push(`${caller} → ${outcome}`);
          wanted.push(`${caller} → ${expected(c, caller)}`);
        }
        assert.deepEqual(outcomes, wanted);
      });
    }
  });
}
