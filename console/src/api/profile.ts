import { api, unwrap } from './client';
import { adoptTokens } from './sign-in';

/** The signed-in user's own account: password, authenticator app, linked accounts. */
export const profile = {
  /** Every other credential of the user ends; the answer's fresh token pair keeps this tab signed in. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const tokens = await unwrap(api.POST('/api/services/Platform/User/ChangePassword', { body: { currentPassword, newPassword } }));
    await adoptTokens(tokens);
  },
  twoFactorStatus: () => unwrap(api.GET('/api/services/app/Profile/GetTwoFactorStatus', {})),
  beginTwoFactor: () => unwrap(api.POST('/api/services/app/Profile/GenerateGoogleAuthenticatorKey', { body: {} })),
  confirmTwoFactor: (authenticatorCode: string) => unwrap(api.PUT('/api/services/app/Profile/UpdateGoogleAuthenticatorKey', { body: { authenticatorCode } })),
  disableTwoFactor: (password: string) => unwrap(api.POST('/api/services/app/Profile/DisableGoogleAuthenticator', { body: { password } })),
};

export const linkedAccounts = {
  list: (skipCount: number, maxResultCount: number) =>
    unwrap(api.GET('/api/services/Platform/UserLink/GetLinkedUsers', { params: { query: { sorting: 'tenancyName asc, userName asc', skipCount, maxResultCount } } })),
  recent: () => unwrap(api.GET('/api/services/Platform/UserLink/GetRecentlyUsedLinkedUsers', {})),
  link: (body: { tenancyName: string; usernameOrEmailAddress: string; password: string; twoFactorVerificationCode?: string }) =>
    unwrap(api.POST('/api/services/Platform/UserLink/LinkToUser', { body })),
  unlink: (userId: number, tenantId: number | null) => unwrap(api.POST('/api/services/Platform/UserLink/UnlinkUser', { body: { userId, tenantId } })),

  /**
   * Switches this tab to a linked account: a one-minute switch token, redeemed for the other account's token pair;
   * the session left behind is ended (nothing holds its tokens any more).
   */
  async switchTo(userId: number, tenantId: number | null): Promise<void> {
    const { switchAccountToken } = await unwrap(api.POST('/api/services/Platform/Account/SwitchToLinkedAccount', { body: { targetUserId: userId, targetTenantId: tenantId } }));
    const tokens = await unwrap(api.POST('/api/TokenAuth/LinkedAccountAuthenticate', { body: { switchAccountToken } }));
    await api.POST('/api/TokenAuth/LogOut', { body: {} }).catch(() => undefined);
    await adoptTokens(tokens);
  },
};
