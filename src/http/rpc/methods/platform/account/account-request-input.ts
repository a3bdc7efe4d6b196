import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError } from '../../../../../domain/errors.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';
import type { AccountRequest } from '../../../../../services/account/account-requests.js';

/** ABP's `SendPasswordResetCodeInput` / `SendEmailActivationLinkInput`, plus the tenancy name for a tenant's user. */
export const AccountRequestInput = Type.Object({
  emailAddress: Type.String({ minLength: 1, maxLength: 256 }),
  tenancyName: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: "The tenant's tenancy name; absent (and no `Abp-TenantId` header): a host user." })),
});

/**
 * Which tenant an anonymous account request is for: the tenancy name in the body, or ABP's `Abp-TenantId` header
 * (also `Abp.TenantId`, which some proxies drop), as ABP clients send it once `IsTenantAvailable` answered.
 */
export function accountRequestOf(request: FastifyRequest, input: Static<typeof AccountRequestInput>): AccountRequest {
  const header = request.headers['abp-tenantid'] ?? request.headers['abp.tenantid'];
  const raw = Array.isArray(header) ? header[0] : header;
  let tenantId: number | null = null;
  if (raw !== undefined && raw.trim() !== '') {
    if (!/^\d{1,10}$/.test(raw.trim()) || Number(raw) > MAX_INT4) throw AppError.field('Abp-TenantId', 'The Abp-TenantId header must be a tenant id.');
    tenantId = Number(raw);
  }
  return { emailAddress: input.emailAddress, tenancyName: input.tenancyName ?? null, tenantId };
}

/** The account a request names, for its per-account rate limit. */
export function accountKeyOf(account: AccountRequest): string {
  return `${account.tenantId ?? ''}/${account.tenancyName?.trim() ?? ''}/${account.emailAddress.trim()}`;
}
