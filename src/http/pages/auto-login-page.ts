import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { escapeHtml as e } from '../../domain/html.js';
import type { Services } from '../../services/index.js';
import { requestOriginOf } from '../request-caller.js';
import { sendPage, wantsJson } from './page.js';
import { noStore } from '../no-store.js';

/**
 * `GET /account/auto-login?token=…`: redeems a login link (once) for a new session. JSON clients get the
 * token pair as `TokenAuth/Authenticate` answers it. A browser gets a page saying it is signed in, with the
 * token pair in the page body (a JSON block the web console can pick up) — nothing is put in a URL or a
 * cookie, and the page is never cached.
 */
export async function autoLoginPage(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    '/account/auto-login',
    {
      // A HEAD request (link checkers) must not use the link up.
      exposeHeadRoute: false,
      schema: {
        summary: 'Redeem a single-use login link: the token pair as JSON, or a "signed in" page',
        tags: ['Pages'],
        querystring: Type.Object({ token: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const { token } = request.query as { token?: string };
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
<p>This link has now been used; ask for a new one to sign in again this way.</p>
<script type="application/json" id="tenantry-session">${data}</script>`,
      );
    },
  );
}
