import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import type { Permission } from '../../src/domain/permissions.js';
import { createUser, unique } from './fixtures.js';
import { projectRoot } from './project-root.js';
import { HOST_ADMIN_PASSWORD, type TestApp } from './test-app.js';

/** The RPC paths of the onboarding methods. */
export const RPC = {
  createProduct: '/api/services/CRM/Product/CreateProduct',
  getProducts: '/api/services/CRM/Product/GetProducts',
  updateProduct: '/api/services/CRM/Product/UpdateProduct',
  deleteProduct: '/api/services/CRM/Product/DeleteProduct',
  createCoupon: '/api/services/CRM/Coupon/CreateCoupon',
  getCoupons: '/api/services/CRM/Coupon/GetCoupons',
  deleteCoupon: '/api/services/CRM/Coupon/DeleteCoupon',
  submit: '/api/services/CRM/Lead/SubmitTenancyRequest',
  complete: '/api/services/Platform/TenantSubscription/CompleteTenantRegistration',
  autoLoginLink: '/api/services/Platform/User/GetAutoLoginLink',
  whoAmI: '/api/services/app/Session/GetCurrentLoginInformations',
  authenticate: '/api/TokenAuth/Authenticate',
} as const;

/** A SubmitTenancyRequest body: the fields tests change by name, and whatever else the spec's sample has. */
export interface SubmitBody {
  products: { productId: number; paymentPeriodType: string; quantity?: number; priceOptionId?: number }[];
  email: string;
  phone: string;
  website: string;
  state: string;
  city: string;
  leadRequestXref: string;
  [field: string]: unknown;
}

export interface CompleteBody {
  requestXref: string;
  tenancyName: string;
  [field: string]: unknown;
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(projectRoot, 'test/fixtures/upgradechat', name), 'utf8'));

/** The spec's SubmitTenancyRequest sample body, verbatim (Swagger placeholders included). */
export function specSubmitBody(): SubmitBody {
  return fixture('submit-tenancy-request.json') as SubmitBody;
}

/** The spec's CompleteTenantRegistration sample body, verbatim. */
export function specCompleteBody(): CompleteBody {
  return fixture('complete-tenant-registration.json') as CompleteBody;
}

/** The spec's sample with each placeholder that breaks a rule replaced by a valid value; the other "string"s stay. */
export function validSubmitBody(productId: number, overrides: Record<string, unknown> = {}): SubmitBody {
  return {
    ...specSubmitBody(),
    products: [{ productId, paymentPeriodType: 'Monthly', quantity: 1 }],
    couponCode: null,
    website: 'https://www.example.com',
    leadRequestXref: randomUUID(),
    email: `${unique('lead')}@example.com`,
    phone: '+14155552671',
    phoneExt: '123',
    refererUrl: 'https://ads.example.net/campaign?id=7',
    entryUrl: 'https://www.example.com/sign-up',
    clientIp: '203.0.113.7',
    ...overrides,
  };
}

/** The spec's CompleteTenantRegistration sample made valid for `requestXref`, with a fresh tenancy name. */
export function validCompleteBody(requestXref: string, overrides: Record<string, unknown> = {}): CompleteBody {
  return {
    ...specCompleteBody(),
    requestXref,
    tenancyName: unique('Acme'),
    tenantName: 'Acme Widgets',
    companyName: 'Acme Widgets Ltd',
    siteUrl: 'https://acme.example.com',
    adminPassword: 'Acme-admin-1',
    ...overrides,
  };
}

export function hostToken(t: TestApp): Promise<string> {
  return t.http.signIn('admin', HOST_ADMIN_PASSWORD);
}

/** A host user whose only role grants exactly `permissions` (a sign-up form's service account); answers its token. */
export async function hostUserWith(t: TestApp, permissions: Permission[]): Promise<{ token: string; userId: number }> {
  const { user, token } = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, permissions);
  return { token, userId: user.id };
}

export interface PriceInput {
  paymentPeriodType: 'Monthly' | 'Annual';
  amount: number;
  currency: string;
}

/** Creates a product over HTTP (asserting success) and answers it. */
export async function createProduct(t: TestApp, token: string, prices: PriceInput[] = [{ paymentPeriodType: 'Monthly', amount: 29.99, currency: 'USD' }], name = unique('Plan ')) {
  const answer = await t.http.post(RPC.createProduct, { name, description: 'A plan', prices }, { token });
  assert.equal(answer.status, 200, answer.text);
  return answer.body as { id: number; name: string; prices: { id: number; paymentPeriodType: string; amount: number; currency: string }[]; isRetired: boolean };
}

export async function createCoupon(t: TestApp, token: string, coupon: Record<string, unknown>) {
  const answer = await t.http.post(RPC.createCoupon, { code: unique('SAVE'), ...coupon }, { token });
  assert.equal(answer.status, 200, answer.text);
  return answer.body as { id: number; code: string; redemptionCount: number };
}

/** Submits a valid tenancy request (asserting success) and answers its xref and contact id. */
export async function submitLead(t: TestApp, token: string, productId: number, overrides: Record<string, unknown> = {}) {
  const body = validSubmitBody(productId, overrides);
  const answer = await t.http.post(RPC.submit, body, { token });
  assert.equal(answer.status, 200, answer.text);
  return { ...(answer.body as { leadRequestXref: string; contactId: number }), body };
}

/** The field names a 400 (or 409) names, sorted. */
export function namedFields(answer: { body: unknown }): string[] {
  const body = answer.body as { error?: { validationErrors?: { members: string[] }[] | null } } | undefined;
  return (body?.error?.validationErrors ?? []).flatMap((v) => v.members).sort();
}

/** What a registration left in the database, found by the lead's xref and the admin's e-mail. */
export async function leftovers(t: TestApp, requestXref: string, email: string, tenancyName?: string) {
  const db = t.database.db;
  const lead = await t.data.leads.findByXref(HOST_TENANT_ID, requestXref);
  const users = await db.selectFrom('users').select('id').where('email', '=', email).where('tenant_id', '<>', HOST_TENANT_ID).execute();
  const subscriptions = await db.selectFrom('subscriptions').select('id').where('lead_id', '=', lead!.id).execute();
  const invoices = await db.selectFrom('invoices').select('id').where('lead_id', '=', lead!.id).execute();
  const tenant = tenancyName ? await t.data.tenants.findByTenancyName(tenancyName) : undefined;
  return { lead: lead!, users: users.length, subscriptions: subscriptions.length, invoices: invoices.length, tenant };
}
