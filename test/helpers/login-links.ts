import type { HttpAnswer } from './http.js';
import type { TestApp } from './test-app.js';

export const GET_AUTO_LOGIN_LINK = '/api/services/Platform/User/GetAutoLoginLink';

/** Asks for a login link for `userId` with `token` (an access token or an API key); answers the raw answer. */
export function askLoginLink(t: TestApp, token: string, userId: number): Promise<HttpAnswer> {
  return t.http.get(`${GET_AUTO_LOGIN_LINK}?userId=${userId}`, { token });
}

/** Redeems a login link as a JSON client does; answers the raw answer (a token pair on success). */
export function redeemLoginLink(t: TestApp, loginLink: string): Promise<HttpAnswer> {
  const url = new URL(loginLink);
  return t.http.get(`${url.pathname}${url.search}`, { headers: { accept: 'application/json' } });
}

/** Asks for a link and redeems it; answers the session's token pair (throws unless both succeed). */
export async function sessionThroughLink(t: TestApp, token: string, userId: number): Promise<{ accessToken: string; refreshToken: string }> {
  const asked = await askLoginLink(t, token, userId);
  if (asked.status !== 200) throw new Error(`GetAutoLoginLink failed: ${asked.status} ${asked.text}`);
  const redeemed = await redeemLoginLink(t, asked.body.loginLink);
  if (redeemed.status !== 200) throw new Error(`redeeming the link failed: ${redeemed.status} ${redeemed.text}`);
  return redeemed.body;
}
