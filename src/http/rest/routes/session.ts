import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import { timeZoneCodeOf } from '../../../domain/time-zones.js';
import type { Services } from '../../../services/index.js';
import { SESSION_COOKIE } from '../../authenticate.js';
import { requestOriginOf } from '../../request-caller.js';
import { sendPlatform, successMessage } from '../formats.js';
import { resourcePayload } from '../payload.js';
import { restCaller, restResource } from '../resource.js';
import { noStore } from '../../no-store.js';
import { limitSignIn } from '../../rate-limit.js';
import { demandSameSite } from '../../same-origin.js';

/**
 * The session cookie: never readable by scripts, never sent along from another site (`Strict`: not even on a
 * link followed from elsewhere, so such a link cannot act in the session), and `Secure` whenever the request came
 * over TLS (directly, or through a proxy that TRUST_PROXY believes) or the service is published on https.
 */
function cookieOptions(request: FastifyRequest, publicUrl: string) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' || publicUrl.startsWith('https:') };
}

/** AgileApps session management: `POST /login`, `GET /logout`, `GET /isSessionValid`. */
export function sessionRoutes(app: FastifyInstance, services: Services): void {
  /**
   * AgileApps clients end a session with a GET; a browser following a link from another site must not. The
   * cookie is not sent from another site, and a request a browser marks as cross-site is refused besides.
   */
  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    demandSameSite(request, services.config, 'Signing out');
    if (request.caller) await services.restSessions.logout(request.caller);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request, services.config.publicUrl));
    return sendPlatform(request, reply, 200, { message: successMessage() });
  };
  const logoutDescription =
    'Ends the session of the presented credential and clears the cookie. Answers success without a session too. ' +
    'A request a browser sends from another site is refused (403).';

  restResource(app, '/login', {
    POST: {
      summary: 'Sign in and open a session (cookie JSESSIONID)',
      description:
        'Body `<platform><login><userName/><password/></login></platform>` or its JSON mirror. Host users sign in with their user ' +
        'name or e-mail; tenant users add `<tenancyName>`; a user with two-factor sign-in adds `<twoFactorVerificationCode>` (the authenticator app\'s code or a recovery code) or a `<twoFactorRememberClientToken>` from `TokenAuth/Authenticate` (401 without). The answer carries `sessionId`, also set as the JSESSIONID cookie.',
      secured: false,
      async handler(request, reply) {
        const { fields } = resourcePayload(request.body, 'login');
        const missing = ['userName', 'password'].filter((name) => !fields[name]);
        if (missing.length > 0) throw AppError.validation(missing.map((field) => ({ field, message: `The ${field} field is required.` })));
        const account = { userName: fields.userName!, tenancyName: fields.tenancyName };
        await limitSignIn(request, reply, services, account, { withCode: Boolean(fields.twoFactorVerificationCode) });
        const profile = await services.restSessions.login(
          {
            ...account,
            password: fields.password!,
            twoFactorVerificationCode: fields.twoFactorVerificationCode,
            twoFactorRememberClientToken: fields.twoFactorRememberClientToken,
          },
          requestOriginOf(request),
        );
        noStore(reply).setCookie(SESSION_COOKIE, profile.sessionId, cookieOptions(request, services.config.publicUrl));
        const timeZone = profile.timeZone === null ? '' : String(timeZoneCodeOf(profile.timeZone)?.code ?? profile.timeZone);
        return sendPlatform(request, reply, 200, {
          login: {
            userId: String(profile.userId),
            email: profile.email,
            userName: profile.userName,
            firstName: profile.firstName,
            lastName: profile.lastName,
            organizationName: profile.organizationName,
            organizationId: String(profile.organizationId),
            timeZone,
            sessionId: profile.sessionId,
            cookieString: `${SESSION_COOKIE}=${profile.sessionId}`,
            userLocale: 'en',
            userDateFormat: profile.userDateFormat,
            // The documented login answer spells this flag true/false.
            isForceChangePassword: String(profile.isForceChangePassword),
          },
          message: successMessage(),
        });
      },
    },
  });

  restResource(app, '/logout', {
    GET: { summary: 'End the session', description: logoutDescription, secured: false, handler: logout },
  });

  restResource(app, '/isSessionValid', {
    GET: {
      summary: 'Whether the presented session is valid',
      description: 'Valid: 200 with code 0 and "Session is valid". Otherwise: 401 with code -101.',
      secured: true,
      async handler(request, reply) {
        restCaller(request);
        return sendPlatform(request, reply, 200, { message: successMessage('Session is valid') });
      },
    },
  });
}
