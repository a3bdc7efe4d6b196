import { XMLParser } from 'fast-xml-parser';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import type { Permission } from '../../../src/domain/permissions.js';
import { fixturePasswordHash, unique } from '../../helpers/fixtures.js';
import type { HttpAnswer } from '../../helpers/http.js';
import { HOST_ADMIN_PASSWORD, type TestApp } from '../../helpers/test-app.js';

export const REST = '/networking/rest';

/** One element of an XML answer in document order: its name, attributes, text and children. */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlNode[];
}

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: true });

/** Parses an XML document into nodes that keep element order (to compare with the spec's samples). */
export function xmlTree(xml: string): XmlNode {
  const toNodes = (items: Record<string, unknown>[]): XmlNode[] =>
    items
      .filter((item) => !('#text' in item) && !('?xml' in item))
      .map((item) => {
        const name = Object.keys(item).find((key) => key !== ':@')!;
        const content = item[name] as Record<string, unknown>[];
        const text = content.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
        return { name, attributes: (item[':@'] as Record<string, string>) ?? {}, text, children: toNodes(content) };
      });
  const roots = toNodes(ordered.parse(xml) as Record<string, unknown>[]);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.length}`);
  return roots[0]!;
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The platform message of an answer, from XML or JSON. */
export function messageOf(answer: HttpAnswer): { code: string; description: string; id?: string } {
  if ((answer.headers.get('content-type') ?? '').includes('json')) return answer.body.platform.message;
  const message = child(xmlTree(answer.text), 'message')!;
  const text = (name: string) => child(message, name)?.text;
  const id = text('id');
  return { code: text('code')!, description: text('description') ?? '', ...(id === undefined ? {} : { id }) };
}

export interface RestRequest {
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** Sends an XML (or any raw) body with its content type. */
export function sendRaw(t: TestApp, method: string, path: string, body: string, contentType: string | undefined, options: RestRequest = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (contentType) headers['content-type'] = contentType;
  if (options.cookie) headers.cookie = options.cookie;
  return t.http.request(method, `${REST}${path}`, undefined, { raw: body, headers, token: options.token });
}

export function sendXml(t: TestApp, method: string, path: string, xml: string, options: RestRequest = {}) {
  return sendRaw(t, method, path, xml, 'application/xml', options);
}

export function sendJson(t: TestApp, method: string, path: string, body: unknown, options: RestRequest = {}) {
  return sendRaw(t, method, path, JSON.stringify(body), 'application/json', options);
}

export function restGet(t: TestApp, path: string, options: RestRequest = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  return t.http.request('GET', `${REST}${path}`, undefined, { headers, token: options.token });
}

export function restDelete(t: TestApp, path: string, options: RestRequest = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  return t.http.request('DELETE', `${REST}${path}`, undefined, { headers, token: options.token });
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Signs in over `POST /networking/rest/login` and answers the `Cookie` header value to send afterwards. */
export async function restLogin(t: TestApp, userName = 'admin', password = HOST_ADMIN_PASSWORD, tenancyName?: string): Promise<string> {
  const tenancy = tenancyName ? `<tenancyName>${escape(tenancyName)}</tenancyName>` : '';
  const answer = await sendXml(
    t,
    'POST',
    '/login',
    `<platform><login><userName>${escape(userName)}</userName><password>${escape(password)}</password>${tenancy}</login></platform>`,
  );
  if (answer.status !== 200) throw new Error(`REST login failed: ${answer.status} ${answer.text}`);
  return (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A tenant XML document for create, from field values (escaped). */
export function tenantXml(fields: Record<string, string>, after = ''): string {
  const elements = Object.entries(fields)
    .map(([name, value]) => `<${name}>${escape(value)}</${name}>`)
    .join('');
  return `<platform><tenant>${elements}</tenant></platform>${after}`;
}

/** Valid create fields with a unique company, for tests that are not about the sample. */
export function newTenantFields(company: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    company,
    email: 'owner@example.com',
    first_name: 'Olive',
    last_name: 'Owner',
    password: 'Secret-pass-1',
    phone: '+14155552671',
    time_zone: '23',
    country: 'United States',
    city: 'New York',
    street: '1 Main Street',
    ...overrides,
  };
}

/** The new tenant's id from a create answer (XML or JSON). */
export function createdId(answer: HttpAnswer): number {
  const id = messageOf(answer).id;
  if (answer.status !== 201 || !id) throw new Error(`create failed: ${answer.status} ${answer.text}`);
  return Number(id);
}

/** A host operator holding only the given permissions, signed in over REST: its id and cookie. */
export async function restOperator(t: TestApp, permissions: Permission[]): Promise<{ userId: number; cookie: string }> {
  const role = await t.data.roles.insert({ tenantId: HOST_TENANT_ID, name: unique('Role'), displayName: 'Role', isStatic: false, isDefault: false, permissions });
  const userName = unique('operator');
  const user = await t.data.users.insert({
    tenant_id: HOST_TENANT_ID,
    user_name: userName,
    email: `${userName}@example.com`,
    name: 'Olga',
    surname: 'Operator',
    password_hash: await fixturePasswordHash('Operator-pass-1'),
  });
  await t.data.roles.assign(HOST_TENANT_ID, user.id, role.id);
  return { userId: user.id, cookie: await restLogin(t, userName, 'Operator-pass-1') };
}
