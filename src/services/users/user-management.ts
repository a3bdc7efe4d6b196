import type { Data, Queries } from '../../data/index.js';
import type { RoleRow } from '../../data/roles.js';
import type { UserSortField } from '../../data/user-directory.js';
import type { UserChanges } from '../../data/users.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { credentialAllows, demandCredentialFor, demandHeldPermissions } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { isPermission } from '../../domain/permissions.js';
import { unlinkUser } from '../links/link-groups.js';
import { ADMIN_ROLE } from '../host-bootstrap.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { generatePassword, hashPassword } from '../security/passwords.js';
import type { AccountMail } from '../account/account-mail.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import { passwordBreaches } from '../../domain/password-policy.js';
import { revocation } from '../security/revocation.js';
import { parseSorting } from '../sorting.js';
import { keepAnAdmin, lockAdmins } from './admin-guard.js';
import { changeSummary } from '../audit/record-audit.js';
import { audit, userSummary } from './user-audit.js';
import { roleDto, userDto, type RoleDto, type UserDto } from './user-dto.js';
import { emitEvent } from '../events/emit.js';
import { userEventData } from '../events/payloads.js';
import { userFieldProblems } from './user-rules.js';
import { transactionFor } from '../tenant-transaction.js';
import type { CreateUserInput, UpdateUserInput, UserListQuery } from './contracts.js';

/** The created user; `generatedPassword` is present only when the server chose the password (shown this once). */
export type CreatedUser = UserDto & { generatedPassword?: string };


const sortFields: readonly UserSortField[] = ['id', 'userName', 'name', 'surname', 'emailAddress', 'isActive', 'creationTime'];

/**
 * The users of the caller's own tenant (host callers: the host's users), managed with `Users.Manage`.
 * Every look-up is keyed by the caller's tenant, so another tenant's user id is simply not found.
 */
export class UserManagement {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    private readonly policies: AccountPolicies,
    private readonly mail: AccountMail,
  ) {}

  /**
   * Creates a user. Without a password and with `sendActivationEmail` the user is invited: nobody knows its password,
   * so it cannot sign in until it accepts the mailed invitation and chooses one.
   */
  async create(caller: Caller, input: CreateUserInput): Promise<CreatedUser> {
    demand(caller, 'Users.Manage');
    const password = input.password || undefined;
    // A password outlives the key that would set it; a key's new user gets in through a (key-bounded) login link.
    if (password !== undefined) demandCredentialFor(caller, 'set_password');
    const problems = userFieldProblems(input);
    const { passwordComplexity } = await this.policies.of(caller.tenantId);
    if (password !== undefined) problems.push(...passwordBreaches(password, passwordComplexity, 'password'));
    if (problems.length > 0) throw AppError.validation(problems);
    const invited = password === undefined && input.sendActivationEmail === true;
    const generatedPassword = password === undefined ? generatePassword(passwordComplexity.requiredLength) : undefined;
    const passwordHash = await hashPassword(password ?? generatedPassword!);

    const created = await transactionFor(this.data, caller, async (tx) => {
      await this.refuseAmbiguousSignIn(tx, caller.tenantId, input);
      const roles = input.roleNames === undefined ? await tx.userDirectory.defaultRoles(caller.tenantId) : await resolveRoles(tx, caller.tenantId, input.roleNames);
      demandGrantable(caller, roles);
      const user = await tx.users.insert({
        tenant_id: caller.tenantId,
        user_name: input.userName,
        email: input.emailAddress,
        name: input.name.trim(),
        surname: input.surname.trim(),
        phone: input.phoneNumber || null,
        password_hash: passwordHash,
        is_active: input.isActive ?? true,
        // Someone else chose a generated password: its owner must replace it (an invited user chooses its own).
        must_change_password: !invited && (generatedPassword !== undefined || (input.shouldChangePasswordOnNextLogin ?? false)),
        invited_at: invited ? new Date() : null,
      });
      await tx.userDirectory.replaceRoles(caller.tenantId, user.id, roles.map((r) => r.id));
      if (input.sendActivationEmail) await this.mail.send(tx, user, invited ? 'invitation' : 'email_confirmation', caller, caller);
      await emitEvent(tx, { tenantId: caller.tenantId, type: 'User.CreatedOrUpdated', data: userEventData(user) });
      await audit(tx, caller, 'user.created', user, { after: userSummary(user, roles.map((r) => r.name)) });
      return userDto(user, roles.map((r) => r.name));
    });
    const revealPassword = generatedPassword !== undefined && !invited && credentialAllows(caller, 'learn_generated_password');
    return revealPassword ? { ...created, generatedPassword } : created;
  }

  async list(caller: Caller, query: UserListQuery): Promise<{ totalCount: number; items: UserDto[] }> {
    demand(caller, 'Users.Manage');
    const tenantId = query.tenantId ?? caller.tenantId;
    if (tenantId !== caller.tenantId) {
      // The host looks into a tenant (the console's tenant page); a tenant never sees another's users.
      if (!isHost(caller)) throw AppError.forbidden("A tenant lists only its own tenant's users.");
      demand(caller, 'Tenants.Manage');
    }
    const sort = parseSorting(query.sorting, sortFields);
    return transactionFor(this.data, caller, async (tx) => {
      if (tenantId !== caller.tenantId && !(await tx.tenants.findAny(tenantId))) throw AppError.notFound(`Tenant ${tenantId}`);
      const { total, rows } = await tx.userDirectory.search(tenantId, { filter: query.filter, sort, skip: query.skipCount, take: query.maxResultCount });
      const roleNames = await tx.userDirectory.roleNamesOf(tenantId, rows.map((r) => r.id));
      return { totalCount: total, items: rows.map((row) => userDto(row, roleNames.get(row.id) ?? [])) };
    });
  }

  async get(caller: Caller, id: number): Promise<UserDto> {
    demand(caller, 'Users.Manage');
    const user = await this.data.users.findById(caller.tenantId, id);
    if (!user) throw AppError.notFound(`User ${id}`);
    return userDto(user, await this.data.roles.listRoleNamesOfUser(caller.tenantId, id));
  }

  /**
   * Changes a user. Deactivation ends every credential of the user at once and keeps it from signing in;
   * a changed user name or role set reaches every instance's cached profile at once.
   */
  async update(caller: Caller, input: UpdateUserInput): Promise<UserDto> {
    demand(caller, 'Users.Manage');
    const problems = userFieldProblems(input);
    if (problems.length > 0) throw AppError.validation(problems);
    if (input.isActive === false && input.id === caller.userId) throw AppError.field('isActive', 'You cannot deactivate your own account.');

    const updated = await transactionFor(this.data, caller, async (tx) => {
      await lockAdmins(tx, caller.tenantId);
      const user = await tx.users.findById(caller.tenantId, input.id);
      if (!user) throw AppError.notFound(`User ${input.id}`);
      const roles = input.roleNames === undefined ? undefined : await resolveRoles(tx, caller.tenantId, input.roleNames);
      if (roles) demandGrantable(caller, roles);
      const currentRoles = await tx.roles.listRoleNamesOfUser(caller.tenantId, user.id);
      const losesAdmin = roles !== undefined && !roles.some((r) => r.name === ADMIN_ROLE);
      if (input.isActive === false || losesAdmin) await keepAnAdmin(tx, user);

      const userName = input.userName ?? user.user_name;
      const email = input.emailAddress ?? user.email;
      await this.refuseAmbiguousSignIn(tx, caller.tenantId, { userName, emailAddress: email }, user.id);
      const changes: UserChanges = {
        user_name: userName,
        email,
        name: input.name?.trim() ?? user.name,
        surname: input.surname?.trim() ?? user.surname,
        phone: input.phoneNumber === undefined ? user.phone : input.phoneNumber || null,
        is_active: input.isActive ?? user.is_active,
        must_change_password: input.shouldChangePasswordOnNextLogin ?? user.must_change_password,
        // A new address has not been confirmed by anyone yet.
        is_email_confirmed: email.toLowerCase() === user.email.toLowerCase() ? user.is_email_confirmed : false,
      };
      const row = (await tx.users.update(caller.tenantId, user.id, changes))!;
      if (roles) await tx.userDirectory.replaceRoles(caller.tenantId, user.id, roles.map((r) => r.id));

      if (user.is_active && !row.is_active) await revocation.user(tx, caller.tenantId, user.id, { block: true });
      if (!user.is_active && row.is_active) await revocation.unblockUser(tx, caller.tenantId, user.id);
      if (roles || row.user_name !== user.user_name) await revocation.userChanged(tx, caller.tenantId, user.id);
      await emitEvent(tx, { tenantId: caller.tenantId, type: 'User.CreatedOrUpdated', data: userEventData(row) });
      const newRoles = roles ? roles.map((r) => r.name) : currentRoles;
      await audit(tx, caller, 'user.updated', row, changeSummary(userSummary(user, currentRoles), userSummary(row, newRoles)));
      return userDto(row, roles ? roles.map((r) => r.name) : currentRoles);
    });
    await this.gate.sync();
    return updated;
  }

  /** Soft delete: the user leaves every list, its credentials end at once and its links dissolve. */
  async delete(caller: Caller, id: number): Promise<void> {
    demand(caller, 'Users.Manage');
    if (id === caller.userId) throw AppError.field('id', 'You cannot delete your own account.');
    // As the host: dissolving the user's link group changes the memberships of linked users in other tenants.
    await this.data.transaction(async (tx) => {
      await lockAdmins(tx, caller.tenantId);
      const user = await tx.users.findById(caller.tenantId, id);
      if (!user) throw AppError.notFound(`User ${id}`);
      await keepAnAdmin(tx, user);
      await tx.userDirectory.softDelete(caller.tenantId, id);
      await revocation.user(tx, caller.tenantId, id, { block: true });
      await unlinkUser(tx, caller.tenantId, id);
      // The original platform tells of a deletion as an update with isDeleted: true.
      await emitEvent(tx, { tenantId: caller.tenantId, type: 'User.CreatedOrUpdated', data: userEventData({ ...user, deleted_at: new Date() }) });
      await audit(tx, caller, 'user.deleted', user, { before: userSummary(user) });
    });
    await this.gate.sync();
  }

  /** Replaces a user's roles; the user's permissions change at once, on every instance. */
  async setRoles(caller: Caller, userId: number, roleNames: string[]): Promise<UserDto> {
    return this.update(caller, { id: userId, roleNames });
  }

  /** The roles of the caller's tenant with the permissions each grants and how many users hold each. */
  async listRoles(caller: Caller): Promise<{ items: RoleDto[] }> {
    demand(caller, 'Users.Manage');
    const [roles, holders] = await Promise.all([this.data.roles.listForTenant(caller.tenantId), this.data.roles.holderCounts(caller.tenantId)]);
    return { items: roles.map((role) => roleDto(role, holders.get(role.id) ?? 0)) };
  }

  /** Ends a lockout after too many failed sign-ins. */
  async unlock(caller: Caller, id: number): Promise<void> {
    demand(caller, 'Users.Manage');
    await transactionFor(this.data, caller, async (tx) => {
      const user = await tx.users.update(caller.tenantId, id, { failed_attempts: 0, lockout_end: null });
      if (!user) throw AppError.notFound(`User ${id}`);
      await audit(tx, caller, 'user.unlocked', user);
    });
  }

  /** Sign-in accepts a user name or an e-mail address, so neither may be another user's other one. */
  private async refuseAmbiguousSignIn(tx: Queries, tenantId: number, user: { userName: string; emailAddress: string }, exceptUserId?: number) {
    const clash = await tx.userDirectory.crossIdentityClash(tenantId, { userName: user.userName, email: user.emailAddress }, exceptUserId);
    if (clash === 'userName') throw AppError.conflict('This user name is another user’s e-mail address.', [{ field: 'userName', message: 'This user name is already taken.' }]);
    if (clash === 'emailAddress') throw AppError.conflict('This e-mail address is another user’s user name.', [{ field: 'emailAddress', message: 'This e-mail address is already taken.' }]);
  }
}

/** No caller hands out a role that grants a permission it does not hold itself. */
function demandGrantable(caller: Caller, roles: readonly RoleRow[]): void {
  const granted = roles.flatMap((r) => r.permissions).filter(isPermission);
  demandHeldPermissions(caller, granted, `grant ${roles.length === 1 ? 'this role' : 'these roles'}`, 'unbounded');
}

/** The tenant's roles with the given names; unknown names are a 400 naming `roleNames`. */
async function resolveRoles(tx: Queries, tenantId: number, names: readonly string[]): Promise<RoleRow[]> {
  const wanted = [...new Map(names.map((n) => [n.trim().toLowerCase(), n.trim()])).values()];
  const roles = await tx.userDirectory.findRoles(tenantId, wanted);
  const missing = wanted.filter((n) => !roles.some((r) => r.name.toLowerCase() === n.toLowerCase()));
  if (missing.length > 0) throw AppError.field('roleNames', `There is no role named ${missing.map((n) => `"${n}"`).join(', ')} in this tenant.`);
  return roles;
}
