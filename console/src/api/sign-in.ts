import { api, unwrap } from './client';
import { writeSession } from './session';

export interface Credentials {
  tenancyName: string;
  userNameOrEmailAddress: string;
  password: string;
}

/** Signs in through `TokenAuth/Authenticate`, then learns who the user is from `Session/GetCurrentLoginInformations`. */
export async function signIn({ tenancyName, userNameOrEmailAddress, password }: Credentials): Promise<void> {
  const tokens = await unwrap(
    api.POST('/api/TokenAuth/Authenticate', {
      body: { userNameOrEmailAddress, password, ...(tenancyName.trim() ? { tenancyName: tenancyName.trim() } : {}) },
    }),
  );
  await adoptTokens(tokens);
}

/** Stores a token pair (from sign-in or a linked-account switch) and the user it belongs to. */
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
