import type { Data } from '../../data/index.js';
import type { RoleRow } from '../../data/roles.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { demandHeldPermissions } from '../../domain/credential-rules.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import { hostAdminPermissions, isPermission, permissions, tenantAdminPermissions, type Permission } from '../../domain/permissions.js';
import { textProblem } from '../../domain/validators.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { ADMIN_ROLE } from '../host-bootstrap.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { transactionFor } from '../tenant-transaction.js';
import { roleDto, type RoleDto } from './user-dto.js';
import type { CreateRoleInput, UpdateRoleInput } from './contracts.js';

// Role names travel in `roleNames` of the user methods, so they stay plain words.
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9 ._-]*$/;
const MAX_ROLE_NAME = 64;

export interface PermissionDto {
  name: Permission;
  displayName: string;
}

/**
 * The roles of the caller's own tenant (host callers: the host's), managed with `Users.Manage`. The static roles
 * keep their names and cannot be deleted, and Admin always grants every permission, so a tenant can always
 * manage itself. A change of what a role grants reaches its holders at once, on every instance.
 */
export class RoleManagement {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
  ) {}

  /** The permissions a role of the caller's tenant can grant (a tenant's roles cannot grant the host's). */
  permissions(caller: Caller): { items: PermissionDto[] } {
    demand(caller, 'Users.Manage');
    return { items: grantable(caller).map((name) => ({ name, displayName: permissions[name] })) };
  }

  async create(caller: Caller, input: CreateRoleInput): Promise<RoleDto> {
    demand(caller, 'Users.Manage');
    const name = input.name.trim();
    const displayName = input.displayName?.trim() || name;
    const problems = [...nameProblems(name), ...displayNameProblems(displayName)];
    const granted = permissionNames(caller, input.grantedPermissionNames, problems);
    if (problems.length > 0) throw AppError.validation(problems);
    demandHeldPermissions(caller, granted, 'create this role', 'unbounded');

    const role = await transactionFor(this.data, caller, async (tx) => {
      const row = await tx.roles.insert({ tenantId: caller.tenantId, name, displayName, isStatic: false, isDefault: input.isDefault ?? false, permissions: granted });
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'role.created', target: `role:${row.id}`, after: roleSummary(row) });
      return row;
    });
    return roleDto(role, 0);
  }

  async update(caller: Caller, input: UpdateRoleInput): Promise<RoleDto> {
    demand(caller, 'Users.Manage');
    const problems: FieldProblem[] = [];
    const name = input.name?.trim();
    const displayName = input.displayName?.trim();
    if (name !== undefined) problems.push(...nameProblems(name));
    if (displayName !== undefined) problems.push(...displayNameProblems(displayName));
    const granted = input.grantedPermissionNames === undefined ? undefined : permissionNames(caller, input.grantedPermissionNames, problems);
    if (problems.length > 0) throw AppError.validation(problems);

    const updated = await transactionFor(this.data, caller, async (tx) => {
      const role = await tx.roles.findById(caller.tenantId, input.id);
      if (!role) throw AppError.notFound(`Role ${input.id}`);
      if (role.is_static && name !== undefined && name !== role.name) throw AppError.field('name', `"${role.name}" is a static role: its name cannot change.`);
      const permissionsChange = granted !== undefined && !samePermissions(granted, role.permissions);
      if (role.name === ADMIN_ROLE && role.is_static && permissionsChange) {
        throw AppError.field('grantedPermissionNames', 'The Admin role always grants every permission, so that the tenant can always manage itself.');
      }
      // What is added is granted to every holder; nobody grants what it does not hold. Taking away is always allowed.
      if (granted) demandHeldPermissions(caller, granted.filter((p) => !role.permissions.includes(p)), 'grant these permissions', 'unbounded');
      const row = (await tx.roles.update(caller.tenantId, role.id, {
        name: name ?? role.name,
        displayName: displayName || role.display_name,
        isDefault: input.isDefault ?? role.is_default,
        permissions: granted ?? role.permissions,
      }))!;
      const change = changeSummary(roleSummary(role), roleSummary(row));
      if (change.after) await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'role.updated', target: `role:${row.id}`, ...change });
      // Cached callers of the tenant carry their permissions: every instance drops them now.
      if (permissionsChange || row.name !== role.name) await revocation.rolesChanged(tx, caller.tenantId);
      return row;
    });
    await this.gate.sync();
    return roleDto(updated, (await this.data.roles.holderCounts(caller.tenantId)).get(updated.id) ?? 0);
  }

  /** Deletes a role that is not static; its holders lose what it granted at once. */
  async delete(caller: Caller, id: number): Promise<void> {
    demand(caller, 'Users.Manage');
    await transactionFor(this.data, caller, async (tx) => {
      const role = await tx.roles.findById(caller.tenantId, id);
      if (!role) throw AppError.notFound(`Role ${id}`);
      if (role.is_static) throw AppError.conflict(`"${role.name}" is a static role of every tenant: it cannot be deleted.`);
      await tx.roles.delete(caller.tenantId, id);
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'role.deleted', target: `role:${id}`, before: roleSummary(role) });
      await revocation.rolesChanged(tx, caller.tenantId);
    });
    await this.gate.sync();
  }
}

function grantable(caller: Caller): readonly Permission[] {
  return isHost(caller) ? hostAdminPermissions : tenantAdminPermissions;
}

function nameProblems(name: string): FieldProblem[] {
  if (name === '') return [{ field: 'name', message: 'The name field is required.' }];
  if (name.length > MAX_ROLE_NAME) return [{ field: 'name', message: `Must be at most ${MAX_ROLE_NAME} characters long.` }];
  if (!ROLE_NAME.test(name)) return [{ field: 'name', message: 'A role name starts with a letter and may contain letters, digits, spaces and . _ -.' }];
  return [];
}

function displayNameProblems(displayName: string): FieldProblem[] {
  const problem = textProblem(displayName, MAX_ROLE_NAME);
  return problem ? [{ field: 'displayName', message: problem }] : [];
}

/** The named permissions, without repeats; unknown names, and host permissions in a tenant's role, are problems. */
function permissionNames(caller: Caller, names: readonly string[], problems: FieldProblem[]): Permission[] {
  const allowed = new Set(grantable(caller));
  const wrong = names.filter((n) => !isPermission(n) || !allowed.has(n));
  if (wrong.length > 0) {
    problems.push({ field: 'grantedPermissionNames', message: `A role of this tenant cannot grant ${wrong.map((n) => `"${n}"`).join(', ')}.` });
  }
  return [...new Set(names.filter((n): n is Permission => isPermission(n) && allowed.has(n)))].sort();
}

function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** What an audit entry says about a role. */
function roleSummary(role: RoleRow): Record<string, unknown> {
  return { name: role.name, displayName: role.display_name, isDefault: role.is_default, grantedPermissionNames: [...role.permissions].sort() };
}
