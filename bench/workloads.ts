import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type autocannon from 'autocannon';
import type { LoadSpec } from './load.js';
import { root } from './processes.js';
import { BENCH_PASSWORD } from './seed.js';

/** What the workloads need from a running server: its URL and credentials obtained through its own API. */
export interface Session {
  url: string;
  /** The host admin's REST session cookie. */
  cookie: string;
  hostToken: string;
  /** An API key of the host admin. */
  apiKey: string;
  /** The access token of the admin of the tenant holding W8's deep lists. */
  tenantToken: string;
  productId: number;
}

async function call(url: string, init: RequestInit & { token?: string }): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const answer = await fetch(url, { ...init, headers });
  if (!answer.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${answer.status} ${await answer.text()}`);
  return answer;
}

export async function authenticate(url: string, tenancyName?: string): Promise<string> {
  const body = { userNameOrEmailAddress: 'admin', password: BENCH_PASSWORD, ...(tenancyName ? { tenancyName } : {}) };
  const answer = await call(`${url}/api/TokenAuth/Authenticate`, { method: 'POST', body: JSON.stringify(body) });
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

/** Signs in as the host admin (REST and RPC), makes an API key and a plan, signs in as the deep tenant's admin. */
export async function openSession(url: string, deepTenancyName: string): Promise<Session> {
  const login = await call(`${url}/networking/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: `<platform><login><userName>admin</userName><password>${BENCH_PASSWORD}</password></login></platform>`,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const hostToken = await authenticate(url);
  const expirationDate = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const key = await call(`${url}/api/services/Platform/ApiKey/Generate`, { method: 'POST', token: hostToken, body: JSON.stringify({ name: `bench ${randomUUID()}`, expirationDate }) });
  const product = await call(`${url}/api/services/CRM/Product/CreateProduct`, {
    method: 'POST',
    token: hostToken,
    body: JSON.stringify({ name: `Bench plan ${randomUUID()}`, description: 'A plan', prices: [{ paymentPeriodType: 'Monthly', amount: 9.99, currency: 'USD' }] }),
  });
  return {
    url,
    cookie,
    hostToken,
    apiKey: ((await key.json()) as { key: string }).key,
    tenantToken: await authenticate(url, deepTenancyName),
    productId: ((await product.json()) as { id: number }).id,
  };
}

const get = (pathOf: () => string): autocannon.Request => ({ method: 'GET', setupRequest: (request) => ({ ...request, path: pathOf() }) });
const randomId = (ids: { min: number; max: number }) => randomInt(ids.min, ids.max + 1);

export const spec = (url: string, connections: number, seconds: number, requests: autocannon.Request[], headers: Record<string, string> = {}): LoadSpec => ({ url, connections, seconds, requests, headers });

/** C-http and C-db: the ceiling server's one route, with the same random ids as W1. */
export function ceilingRequests(ids: { min: number; max: number }): autocannon.Request[] {
  return [get(() => `/tenant/${randomId(ids)}`)];
}

/** W1: the REST read of one tenant with a session cookie, random ids. */
export function w1(ids: { min: number; max: number }): autocannon.Request[] {
  return [get(() => `/networking/rest/tenant/${randomId(ids)}?alt=json`)];
}

export const W2_PATH = '/api/services/Platform/TenantSettings/GetGeneralSettings';

/** W3: the REST search operators, each request with a fresh value, pageSize 50. */
export function w3(operator: string, tenants: number): autocannon.Request[] {
  const filters: Record<string, () => string> = {
    contains: () => `company contains '${randomInt(1, tenants + 1)}'`,
    'starts with': () => `company starts with 'Bench Company ${randomInt(1, tenants + 1)}'`,
    equals: () => `zip = 'Z${randomInt(1, tenants + 1)}'`,
    'date range': () => {
      const day = new Date(Date.UTC(2015, 0, 1) + randomInt(0, 3640) * 86_400_000).toISOString().slice(0, 10);
      const week = new Date(Date.parse(day) + 7 * 86_400_000).toISOString().slice(0, 10);
      return `start_date >= ${day} and start_date < ${week}`;
    },
  };
  return [get(() => `/networking/rest/tenant?alt=json&pageSize=50&filter=${encodeURIComponent(filters[operator]!())}`)];
}

export const W3_OPERATORS = ['contains', 'starts with', 'equals', 'date range'] as const;

const fixture = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/upgradechat', name), 'utf8')) as Record<string, unknown>;

/** W4: the two-step onboarding, submit then complete (the completion hashes the admin's password). */
export function w4(productId: number): autocannon.Request[] {
  const submit = fixture('submit-tenancy-request.json');
  const complete = fixture('complete-tenant-registration.json');
  return [
    {
      method: 'POST',
      path: '/api/services/CRM/Lead/SubmitTenancyRequest',
      setupRequest: (request, context: { xref?: string }) => {
        context.xref = randomUUID();
        const body = { ...submit, products: [{ productId, paymentPeriodType: 'Monthly', quantity: 1 }], couponCode: null, website: 'https://www.example.com', leadRequestXref: context.xref, email: `${randomUUID()}@bench.example`, phone: '+14155552671', phoneExt: '1', refererUrl: 'https://www.example.com/', entryUrl: 'https://www.example.com/', clientIp: '203.0.113.7' };
        return { ...request, body: JSON.stringify(body) };
      },
    },
    {
      method: 'POST',
      path: '/api/services/Platform/TenantSubscription/CompleteTenantRegistration',
      setupRequest: (request, context: { xref?: string }) => {
        const body = { ...complete, requestXref: context.xref, tenancyName: `b${randomUUID().replace(/-/g, '').slice(0, 20)}`, tenantName: 'Bench', companyName: 'Bench Ltd', siteUrl: 'https://bench.example.com', adminPassword: BENCH_PASSWORD, noWelcomeEmail: true, returnBearerToken: false };
        return { ...request, body: JSON.stringify(body) };
      },
    },
  ];
}

/** W5: sign-ins of the host admin, RPC (`TokenAuth/Authenticate`) or REST (`/networking/rest/login`). */
export function w5(dialect: 'rpc' | 'rest'): autocannon.Request[] {
  return dialect === 'rpc'
    ? [{ method: 'POST', path: '/api/TokenAuth/Authenticate', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userNameOrEmailAddress: 'admin', password: BENCH_PASSWORD }) }]
    : [{ method: 'POST', path: '/networking/rest/login', headers: { 'content-type': 'application/xml' }, body: `<platform><login><userName>admin</userName><password>${BENCH_PASSWORD}</password></login></platform>` }];
}

/** W8: one list's page at `skip` (50 a page). */
export const W8_LISTS = {
  GetTenants: '/api/services/Platform/Tenant/GetTenants',
  GetUsers: '/api/services/Platform/User/GetUsers',
  'ApiKey/GetAll': '/api/services/Platform/ApiKey/GetAll',
} as const;

export function w8(list: keyof typeof W8_LISTS, skip: number): autocannon.Request[] {
  return [{ method: 'GET', path: `${W8_LISTS[list]}?skipCount=${skip}&maxResultCount=50` }];
}
