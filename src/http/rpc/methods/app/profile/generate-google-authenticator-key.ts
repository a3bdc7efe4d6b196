import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const generateGoogleAuthenticatorKey = rpcMethod({
  path: 'app/Profile/GenerateGoogleAuthenticatorKey',
  summary: 'Begin enrolling an authenticator app: a new secret, its otpauth:// URI and a QR code to scan',
  description:
    'The secret (`googleAuthenticatorKey`, base32) is answered here only; it is stored encrypted and never answered again. ' +
    'Two-factor sign-in starts once `UpdateGoogleAuthenticatorKey` confirms a first code; calling this again before that ' +
    'replaces the pending secret. While two-factor sign-in is on this is a 409 (disable it first). API keys cannot call it (403).',
  auth: 'caller',
  openBeforeTwoFactorEnrolment: true,
  carriesCredential: true,
  input: Type.Object({}),
  output: Type.Object({
    googleAuthenticatorKey: Type.String(),
    otpauthUri: Type.String({ description: '`otpauth://totp/Tenantry:<user>@<tenancy>?secret=…&issuer=Tenantry&algorithm=SHA1&digits=6&period=30`' }),
    qrCodeSetupImageUrl: Type.String({ description: 'A `data:image/png;base64,…` QR code of `otpauthUri`.' }),
  }),
  async handle({ caller, services }) {
    return services.twoFactor.beginEnrolment(caller);
  },
});
