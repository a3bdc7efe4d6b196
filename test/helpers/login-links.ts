import type { HttpAnswer } from './http.js';
import type { TestApp } from './test-app.js';

export const GET_AUTO_LOGIN_LINK = '/api/services/Platform/User/GetAutoLoginLink';

/** Asks for a login link for `userId` with `token` (an access token or an API key); answers the raw answer. */
export function askLoginLink(t: TestApp, token: string, userId: number): Promise<HttpAnswer> {
  return t.http.get(`${GET_AUTO_LOGIN_LINK}?userId=${userId}`, { token });
}

/** The token a login link carries (`…/account/auto-login?token=…`); '' when it carries none. */
export function tokenOfLink(loginLink: string): string {
  return new URL(loginLink, 'http://link.invalid').searchParams.get('token') ?? '';
}

/** Redeems a login link as a JSON client does, `POST /account/auto-login {"token"}`; answers the raw answer (a token pair on success). */
export function redeemLoginLink(t: TestApp, loginLink: string): Promise<HttpAnswer> {
  return redeemLoginToken(t, tokenOfLink(loginLink));
}

/** Redeems a login-link token as a JSON client does; answers the raw answer. */
export function redeemLoginToken(t: TestApp, token: string): Promise<HttpAnswer> {
  return t.http.post('/account/auto-login', { token }, { headers: { accept: 'application/json' } });
}

/** Posts the confirm page's form as a browser on this site does; answers the raw answer (the "signed in" page on success). */
export function confirmLoginLinkInBrowser(t: TestApp, token: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return t.http.post('/account/auto-login', undefined, {
    raw: new URLSearchParams({ token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8', origin: t.url, ...headers },
  });
}

/** Asks for a link and redeems it; answers the session's token pair (throws unless both succeed). */
export async function sessionThroughLink(t: TestApp, token: string, userId: number): Promise<{ accessToken: string; refreshToken: string }> {
  const asked = await askLoginLink(t, token, userId);
  if (asked.status !== 200) throw new Error(`GetAutoLoginLink failed: ${asked.status} ${asked.text}`);
  const redeemed = await redeemLoginLink(t, asked.body.loginLink);
  if (redeemed.status !== 200) throw new Error(`redeeming the link failed: ${redeemed.status} ${redeemed.text}`);
  return redeemed.body;
}
