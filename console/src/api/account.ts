import { api, unwrap } from './client';

/** The anonymous account methods the account pages call (the public API, nothing else). */
export const account = {
  sendPasswordResetCode: (emailAddress: string, tenancyName: string) =>
    unwrap(api.POST('/api/services/Platform/Account/SendPasswordResetCode', { body: { emailAddress, ...(tenancyName.trim() ? { tenancyName: tenancyName.trim() } : {}) } })),
  resetCodeInfo: (userId: number, resetCode: string) =>
    unwrap(api.GET('/api/services/Platform/Account/GetResetPasswordCodeInfo', { params: { query: { userId, resetCode } } })),
  resetPassword: (userId: number, resetCode: string, password: string) =>
    unwrap(api.POST('/api/services/Platform/Account/ResetPassword', { body: { userId, resetCode, password } })),
  acceptInvitation: (userId: number, invitationCode: string, password: string) =>
    unwrap(api.POST('/api/services/Platform/Account/AcceptInvitation', { body: { userId, invitationCode, password } })),
  activateEmail: (userId: number, confirmationCode: string) =>
    unwrap(api.POST('/api/services/Platform/Account/ActivateEmail', { body: { userId, confirmationCode } })),
};
