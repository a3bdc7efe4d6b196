import { Type } from 'typebox';
import { AppError } from '../../../../domain/errors.js';
import { rpcMethod } from '../../define.js';

export const logOut = rpcMethod({
  path: 'TokenAuth/LogOut',
  verb: 'POST',
  summary: 'End the current session: its access and refresh tokens stop working at once',
  auth: 'caller',
  openBeforeTwoFactorEnrolment: true,
  input: Type.Object({}),
  output: null,
  async handle({ caller, services }) {
    if (!caller.sessionId) throw AppError.forbidden('Only a signed-in session can be logged out.');
    await services.auth.endSession(caller);
  },
});
