import { api, unwrap } from './client';
import { writeSession } from './session';

export interface Credentials {
  tenancyName: string;
  userNameOrEmailAddress: string;
  password: string;
  /** The second step of a two-factor sign-in: the authenticator app's code or a recovery code. */
  twoFactorVerificationCode?: string;
  /** Remember this browser: later sign-ins of this account here skip the code for a while. */
  rememberClient?: boolean;
}

export type SignInResult = 'signed_in' | 'two_factor_required';

/**
 * A remembered browser's token, per account, in localStorage (it must outlive the tab to be of use). It only
 * skips the second factor together with the right password, and the server ends it on a password change.
 */
const rememberKey = (tenancyName: string, userName: string) => `tenantry.twoFactorRemembered:${tenancyName.trim().toLowerCase()}/${userName.trim().toLowerCase()}`;

/**
 * Signs in through `TokenAuth/Authenticate`, then learns who the user is from `Session/GetCurrentLoginInformations`.
 * Answers `two_factor_required` (and signs nobody in) when the account needs its second factor.
 */
export async function signIn(credentials: Credentials): Promise<SignInResult> {
  const { tenancyName, userNameOrEmailAddress, password, twoFactorVerificationCode, rememberClient } = credentials;
  const key = rememberKey(tenancyName, userNameOrEmailAddress);
  const remembered = localStorage.getItem(key);
  const answer = await unwrap(
    api.POST('/api/TokenAuth/Authenticate', {
      body: {
        userNameOrEmailAddress,
        password,
        ...(tenancyName.trim() ? { tenancyName: tenancyName.trim() } : {}),
        ...(twoFactorVerificationCode ? { twoFactorVerificationCode, rememberClient: rememberClient ?? false } : {}),
        ...(remembered ? { twoFactorRememberClientToken: remembered } : {}),
      },
    }),
  );
  const { accessToken, refreshToken } = answer;
  if (answer.requiresTwoFactorVerification || !accessToken || !refreshToken) return 'two_factor_required';
  if (answer.twoFactorRememberClientToken) localStorage.setItem(key, answer.twoFactorRememberClientToken);
  await adoptTokens({ ...answer, accessToken, refreshToken });
  return 'signed_in';
}

/** Stores a token pair (from sign-in, a linked-account switch or an impersonation) and the user it belongs to. */
export async function adoptTokens(tokens: { accessToken: string; refreshToken: string; userId: number; tenantId: number | null }): Promise<void> {
  writeSession({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    userId: tokens.userId,
    tenantId: tokens.tenantId,
    tenancyName: null,
    userName: '',
    permissions: [],
  });
  try {
    const info = await unwrap(api.GET('/api/services/app/Session/GetCurrentLoginInformations', {}));
    writeSession({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      userId: tokens.userId,
      tenantId: info.tenant?.id ?? null,
      tenancyName: info.tenant?.tenancyName ?? null,
      userName: info.user.userName,
      permissions: info.permissions,
      impersonatorUserName: info.impersonatorUser?.userName ?? null,
    });
  } catch (error) {
    writeSession(null);
    throw error;
  }
}

/** Ends the session on the server (every instance), then forgets it here whatever the answer. */
export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/TokenAuth/LogOut', { body: {} });
  } finally {
    writeSession(null);
  }
}

/** Where the login-link page (`/account/auto-login`, served by the server) leaves the token pair it redeemed. */
const HAND_OFF_KEY = 'tenantry.handoff';

/**
 * Signs in with the token pair a redeemed login link handed over in this tab, if there is one; it is read once
 * and removed whatever happens. A pair that does not work leaves the person at sign-in.
 */
export async function adoptHandOff(): Promise<void> {
  const raw = sessionStorage.getItem(HAND_OFF_KEY);
  if (!raw) return;
  sessionStorage.removeItem(HAND_OFF_KEY);
  try {
    const tokens = JSON.parse(raw) as { accessToken: string; refreshToken: string; userId: number; tenantId: number | null };
    await adoptTokens(tokens);
  } catch {
    writeSession(null);
  }
}
