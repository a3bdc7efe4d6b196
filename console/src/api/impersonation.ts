import { api, unwrap } from './client';
import { adoptTokens } from './sign-in';

/**
 * Ends this impersonated session (`Account/BackToImpersonator`) and returns to the impersonator's own session,
 * redeeming the token back at `TokenAuth/ImpersonatedAuthenticate`.
 */
export async function backToImpersonator(): Promise<void> {
  const back = await unwrap(api.POST('/api/services/Platform/Account/BackToImpersonator', { body: {} }));
  const tokens = await unwrap(
    api.POST('/api/TokenAuth/ImpersonatedAuthenticate', { params: { query: { impersonationToken: back.impersonationToken } } }),
  );
  await adoptTokens(tokens);
}
