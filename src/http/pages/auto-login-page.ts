import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.js';
import { escapeHtml as e } from '../../domain/html.js';
import type { Services } from '../../services/index.js';
import { noStore } from '../no-store.js';
import { limitSignIn } from '../rate-limit.js';
import { requestOriginOf } from '../request-caller.js';
import { demandSameSite } from '../same-origin.js';
import { sendPage, wantsJson } from './page.js';

const AUTO_LOGIN = '/account/auto-login';
const HAND_OFF = '/account/auto-login/hand-off.js';

/**
 * The one script of the pages: it moves the redeemed link's token pair into this tab's sessionStorage, where the
 * console keeps a session, and opens the console, which adopts it (console/src/api/sign-in.ts `adoptHandOff`).
 * Served from this origin, so the Content-Security-Policy (scripts from 'self' only) stays as it is.
 */
const HAND_OFF_SCRIPT = `(function () {
  var block = document.getElementById('tenantry-session');
  if (!block) return;
  try { sessionStorage.setItem('tenantry.handoff', block.textContent); } catch (e) { return; }
  location.replace('/');
})();
`;
const TokenSchema = Type.Object({ token: Type.Optional(Type.String({ maxLength: 1000 })) });

/**
 * The login link `/account/auto-login?token=…`. Opening it (GET) changes nothing: it shows a confirm page whose
 * button posts the token back, so a mail scanner or link preview that follows the link uses nothing up. The
 * link is redeemed (once) by that POST — a form post from the page, or `POST {"token"}` from a JSON client —
 * and only from this site: a post a browser sends from another site is refused (403), so no page elsewhere can
 * sign a visitor into an account of its choosing.
 */
export async function autoLoginPage(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    AUTO_LOGIN,
    {
      schema: {
        summary: 'Open a login link: a page asking to confirm the sign-in (nothing is used up)',
        description: 'A JSON client redeems the link with `POST /account/auto-login {"token"}` instead (405 here).',
        tags: ['Pages'],
        querystring: TokenSchema,
      },
    },
    async (request, reply) => {
      if (wantsJson(request)) {
        reply.header('allow', 'POST');
        throw new AppError('method_not_allowed', `A login link is redeemed with POST ${AUTO_LOGIN} and the token in the body.`);
      }
      const { token } = request.query as { token?: string };
      return sendPage(
        reply,
        200,
        'Sign in',
        `<h1>Sign in</h1>
<p>This single-use link signs you in. Continue to use it now.</p>
<form method="post" action="${AUTO_LOGIN}">
<input type="hidden" name="token" value="${e(token ?? '')}">
<button type="submit" class="pay">Sign in</button>
</form>`,
      );
    },
  );

  app.get(HAND_OFF, { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(HAND_OFF_SCRIPT),
  );

  app.post(
    AUTO_LOGIN,
    {
      schema: {
        summary: 'Redeem a single-use login link: the token pair as JSON, or a "signed in" page',
        description:
          'The token as a form field (`application/x-www-form-urlencoded`, from the confirm page) or `{"token"}` (JSON). ' +
          'Refused (403) when a browser sends it from another site.',
        tags: ['Pages'],
        body: TokenSchema,
      },
    },
    redeem(services),
  );
}

function redeem(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    demandSameSite(request, services.config, 'A login link');
    await limitSignIn(request, reply, services);
    const { token } = (request.body ?? {}) as { token?: string };
    const session = await services.autoLogin.redeem(token ?? '', requestOriginOf(request));
    const { sessionId: _sessionId, ...tokenPair } = session.tokens;
    if (wantsJson(request)) return noStore(reply).send(tokenPair);
    const where = session.tenancyName ? ` to <strong>${e(session.tenancyName)}</strong>` : '';
    // `<` is escaped so the JSON block can never close its element.
    const data = JSON.stringify(tokenPair).replace(/</g, '\\u003c');
    return sendPage(
      reply,
      200,
      'You are signed in',
      `<h1>You are signed in</h1>
<p>Welcome, <strong>${e(session.user.name)}</strong>: you are signed in as <strong>${e(session.user.user_name)}</strong>${where}.</p>
<p>This link has now been used; ask for a new one to sign in again this way. The console opens in a moment.</p>
<script type="application/json" id="tenantry-session">${data}</script>
<script src="${HAND_OFF}"></script>`,
    );
  };
}
