import { unique } from './fixtures.js';
import type { TestApp } from './test-app.js';

export const API_KEY_GENERATE = '/api/services/Platform/ApiKey/Generate';
export const API_KEY_GET_ALL = '/api/services/Platform/ApiKey/GetAll';
export const API_KEY_UPDATE = '/api/services/Platform/ApiKey/Update';
export const API_KEY_DELETE = '/api/services/Platform/ApiKey/Delete';

/** An expiration date `ms` from now, as clients send it. */
export function inFuture(ms = 30 * 86_400_000): string {
  return new Date(Date.now() + ms).toISOString();
}

/** Generates a key through the API and answers the documented body (throws unless the answer is 200). */
export async function generateKey(
  t: TestApp,
  token: string,
  body: { name?: string; expirationDate?: string; userId?: number; paths?: string } = {},
): Promise<{ id: number; key: string; name: string; userId: number; userName: string; paths: string | null; expirationDate: string; creationTime: string }> {
  const answer = await t.http.post(API_KEY_GENERATE, { name: unique('key'), expirationDate: inFuture(), ...body }, { token });
  if (answer.status !== 200) throw new Error(`Generate failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** The field names a 400 answer's validation errors name. */
export function invalidMembers(body: { error?: { validationErrors?: { members: string[] }[] | null } }): string[] {
  return (body.error?.validationErrors ?? []).flatMap((v) => v.members).sort();
}
