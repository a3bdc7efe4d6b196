import { Type, type Static } from 'typebox';
import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, isHost, type Caller } from '../../domain/caller.js';
import { demandCredentialFor } from '../../domain/credential-rules.js';
import { AppError, isAppError } from '../../domain/errors.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Authentication, TokenPair } from '../auth/authentication.js';
import type { OneTimeTokens } from '../security/one-time-tokens.js';
import { parseSorting } from '../sorting.js';
import { optional, pagingArguments, sortingArgument, Id, TenantId } from '../contract-fields.js';

export const LinkToUserInputSchema = Type.Object({
  tenancyName: Type.String({ maxLength: 64 }),
  usernameOrEmailAddress: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  twoFactorVerificationCode: optional(Type.String({ maxLength: 64 }), 'Required when the other account signs in with two factors.'),
});
export type LinkToUserInput = Static<typeof LinkToUserInputSchema>;

/** ASP.NET Zero's LinkedUserDto; `tenantId` is null for the host (which is never linked here). */
export const LinkedUserSchema = Type.Object({
  id: Type.Integer(),
  tenantId: Type.Union([Type.Integer(), Type.Null()]),
  tenancyName: Type.String(),
  username: Type.String(),
});
export type LinkedUserDto = Static<typeof LinkedUserSchema>;

export const LinkedUserQuerySchema = Type.Object({ sorting: sortingArgument, ...pagingArguments });
export type LinkedUserQuery = Static<typeof LinkedUserQuerySchema>;

/** How long a switch token lives, as in ASP.NET Zero. */
const SWITCH_TOKEN_SECONDS = 60;
const RECENT_COUNT = 3;

/** `Platform/UserLink/UnlinkUser`'s input: a linked account; `tenantId` null or absent: the host's (never linked). */
export const LinkedAccountIdSchema = Type.Object({
  userId: Id(),
  tenantId: Type.Optional(Type.Union([TenantId(), Type.Null()])),
});
export type LinkedAccountId = Static<typeof LinkedAccountIdSchema>;

/** `Platform/Account/SwitchToLinkedAccount`'s input: the linked account to switch to. */
export const SwitchTargetSchema = Type.Object({
  targetUserId: Id(),
  targetTenantId: Type.Optional(Type.Union([TenantId(), Type.Null()])),
});
export type SwitchTarget = Static<typeof SwitchTargetSchema>;

/**
 * Linked accounts with ASP.NET Zero's semantics: a signed-in user proves it also owns another account by
 * signing in to it, and from then on may switch between the accounts of its link group without a password.
 *
 * *Decision*: only tenant users are linked. A link is symmetric, so a host account in a group would let every
 * tenant account of that group switch into the host; host operators reach tenants through auto-login instead.
 */
export class UserLinks {
  constructor(
    private readonly data: Data,
    private readonly auth: Authentication,
    private readonly oneTimeTokens: OneTimeTokens,
  ) {}

  /** `LinkToUser`: a full sign-in of the target account, then the two accounts' groups become one. */
  async link(caller: Caller, input: LinkToUserInput): Promise<void> {
    demandCredentialFor(caller, 'link_accounts');
    if (isHost(caller)) throw AppError.forbidden('Host accounts cannot be linked to other accounts.');
    if (!input.tenancyName.trim()) throw AppError.field('tenancyName', 'Give the tenancy name of the account to link; host accounts cannot be linked.');
    const target = await this.signInTarget(input, caller.from);
    if (target.tenant_id === caller.tenantId && target.id === caller.userId) {
      throw AppError.field('usernameOrEmailAddress', 'You cannot link your account to itself.');
    }
    await this.data.transaction(async (tx) => {
      await tx.userLinks.lock();
      const mine = await tx.userLinks.groupOf(caller.tenantId, caller.userId);
      const theirs = await tx.userLinks.groupOf(target.tenant_id, target.id);
      if (mine !== undefined && mine === theirs) return;
      if (mine === undefined && theirs === undefined) {
        const groupId = await tx.userLinks.createGroup();
        await tx.userLinks.addMember(caller.tenantId, caller.userId, groupId);
        await tx.userLinks.addMember(target.tenant_id, target.id, groupId);
      } else if (mine === undefined) {
        await tx.userLinks.addMember(caller.tenantId, caller.userId, theirs!);
      } else if (theirs === undefined) {
        await tx.userLinks.addMember(target.tenant_id, target.id, mine);
      } else {
        await tx.userLinks.mergeGroups(theirs, mine);
      }
      await auditLink(tx, caller, 'user.linked', target.tenant_id, target.id);
    });
  }

  /** `GetLinkedUsers`: the other accounts of the caller's link group, one page of them. */
  async list(caller: Caller, query: LinkedUserQuery): Promise<{ totalCount: number; items: LinkedUserDto[] }> {
    const sort = parseSorting(query.sorting, ['tenancyName', 'userName'] as const);
    return this.members(caller, query.skipCount, query.maxResultCount, sort);
  }

  /** `GetRecentlyUsedLinkedUsers`: as in ASP.NET Zero, the first three linked accounts by tenancy and user name. */
  async recentlyUsed(caller: Caller): Promise<{ items: LinkedUserDto[] }> {
    const { items } = await this.members(caller, 0, RECENT_COUNT, [
      { field: 'tenancyName', order: 'asc' },
      { field: 'userName', order: 'asc' },
    ]);
    return { items };
  }

  /** `UnlinkUser`: takes an account out of the caller's group (the caller's own account: leaves the group). */
  async unlink(caller: Caller, input: LinkedAccountId): Promise<void> {
    demandCredentialFor(caller, 'unlink_accounts');
    const tenantId = input.tenantId ?? HOST_TENANT_ID;
    await this.data.transaction(async (tx) => {
      await tx.userLinks.lock();
      const linked = await tx.userLinks.areLinked({ tenantId: caller.tenantId, userId: caller.userId }, { tenantId, userId: input.userId });
      if (!linked) throw AppError.notFound(`Linked account ${input.userId}`);
      const groupId = await tx.userLinks.removeMember(tenantId, input.userId);
      await tx.userLinks.dissolveLoneGroups([groupId!]);
      await auditLink(tx, caller, 'user.unlinked', tenantId, input.userId);
    });
  }

  /** `SwitchToLinkedAccount`: a single-use token, valid one minute, that signs in as a linked account. */
  async issueSwitchToken(
    caller: Caller,
    input: SwitchTarget,
  ): Promise<{ tenancyName: string; switchAccountToken: string }> {
    demandCredentialFor(caller, 'switch_accounts');
    const target = { tenantId: input.targetTenantId ?? HOST_TENANT_ID, userId: input.targetUserId };
    const notLinked = () => AppError.forbidden('This account is not linked to yours.');
    if (target.tenantId === HOST_TENANT_ID) throw notLinked();
    if (!(await this.data.userLinks.areLinked({ tenantId: caller.tenantId, userId: caller.userId }, target))) throw notLinked();
    const tenant = await this.data.tenants.findLive(target.tenantId);
    const user = await this.data.users.findById(target.tenantId, target.userId);
    if (!tenant || !user) throw notLinked();
    if (!tenant.is_active) throw AppError.field('targetTenantId', `The tenant "${tenant.tenancy_name}" is not active.`);
    if (!user.is_active) throw AppError.field('targetUserId', 'The user is not active.');
    const issued = await this.data.transaction(async (tx) => {
      const token = await this.oneTimeTokens.issue(tx, {
        tenantId: target.tenantId,
        userId: target.userId,
        purpose: 'account_switch',
        lifetimeSeconds: SWITCH_TOKEN_SECONDS,
        issuedBy: caller,
      });
      await auditLink(tx, caller, 'user.switch_requested', target.tenantId, target.userId);
      return token;
    });
    return { tenancyName: tenant.tenancy_name, switchAccountToken: issued.token };
  }

  /**
   * `TokenAuth/LinkedAccountAuthenticate`: redeems a switch token for the same token pair as a sign-in. The
   * accounts must still be linked and the account that asked must still be able to act.
   */
  async switchAccount(switchAccountToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const redeemed = await this.oneTimeTokens.redeem(switchAccountToken, 'account_switch');
    const rejected = () => AppError.unauthenticated('This link is invalid, has expired or has already been used.');
    const issuer = { tenantId: redeemed.issuedByTenantId, userId: redeemed.issuedByUserId };
    if (issuer.tenantId === null || issuer.userId === null) throw rejected();
    const from = { tenantId: issuer.tenantId, userId: issuer.userId };
    const to = { tenantId: redeemed.user.tenant_id, userId: redeemed.user.id };
    const [linked, issuerUser, issuerTenantUsable] = await Promise.all([
      this.data.userLinks.areLinked(from, to),
      this.data.users.findById(from.tenantId, from.userId),
      this.data.tenants.isUsable(from.tenantId),
    ]);
    if (!linked || !issuerUser?.is_active || !issuerTenantUsable) throw rejected();
    return this.auth.startSession(redeemed.user, { origin: 'delegated' }, origin, {
      action: 'user.switched_in',
      actor: { ...from, userName: issuerUser.user_name },
    });
  }

  /** Sign-in of the account to link; its failures keep login's reasons but are a 400 (the caller is signed in). */
  private async signInTarget(input: LinkToUserInput, from: RequestOrigin): Promise<UserRow> {
    try {
      return await this.auth.verifyCredentials(
        {
          tenancyName: input.tenancyName,
          userNameOrEmailAddress: input.usernameOrEmailAddress,
          password: input.password,
          twoFactorVerificationCode: input.twoFactorVerificationCode,
        },
        from,
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'unauthenticated') {
        throw AppError.validation([], error.message);
      }
      throw error;
    }
  }

  private async members(
    caller: Caller,
    skip: number,
    take: number,
    sort: { field: 'tenancyName' | 'userName'; order: 'asc' | 'desc' }[],
  ): Promise<{ totalCount: number; items: LinkedUserDto[] }> {
    const groupId = await this.data.userLinks.groupOf(caller.tenantId, caller.userId);
    if (groupId === undefined) return { totalCount: 0, items: [] };
    const { total, rows } = await this.data.userLinks.listMembers(groupId, { tenantId: caller.tenantId, userId: caller.userId }, { skip, take, sort });
    return {
      totalCount: total,
      items: rows.map((r) => ({
        id: r.userId,
        tenantId: r.tenantId === HOST_TENANT_ID ? null : r.tenantId,
        tenancyName: r.tenancyName,
        username: r.userName,
      })),
    };
  }
}

async function auditLink(tx: Queries, caller: Caller, action: string, tenantId: number, userId: number): Promise<void> {
  const details = { tenantId: caller.tenantId, userId: caller.userId, linkedTenantId: tenantId, linkedUserId: userId };
  await recordAudit(tx, caller, { tenantId: caller.tenantId, action, target: `user:${caller.userId}`, details });
  if (tenantId !== caller.tenantId) await recordAudit(tx, caller, { tenantId, action, target: `user:${userId}`, details });
}
