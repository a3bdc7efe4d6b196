import { api, unwrap } from './client';
import { adoptTokens } from './sign-in';

/** Signs in as another user (`Account/Impersonate`, then `TokenAuth/ImpersonatedAuthenticate`); null tenant: the host. */
export async function signInAs(userId: number, tenantId: number | null): Promise<void> {
  const issued = await unwrap(api.POST('/api/services/Platform/Account/Impersonate', { body: { userId, tenantId } }));
  await redeem(issued.impersonationToken);
}

/**
 * Ends this impersonated session (`Account/BackToImpersonator`) and returns to the impersonator's own session,
 * redeeming the token back at `TokenAuth/ImpersonatedAuthenticate`.
 */
export async function backToImpersonator(): Promise<void> {
  const back = await unwrap(api.POST('/api/services/Platform/Account/BackToImpersonator', { body: {} }));
  await redeem(back.impersonationToken);
}

async function redeem(impersonationToken: string): Promise<void> {
  const tokens = await unwrap(api.POST('/api/TokenAuth/ImpersonatedAuthenticate', { params: { query: { impersonationToken } } }));
  await adoptTokens(tokens);
}
