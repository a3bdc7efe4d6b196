import { randomBytes } from 'node:crypto';
import { isForeignKeyViolation } from '../../data/errors.js';
import type { Data } from '../../data/index.js';
import type { PackageRow } from '../../data/packages.js';
import { demand, HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import { PACKAGE_ID_PATTERN } from '../../domain/packages.js';
import { textProblem } from '../../domain/validators.js';
import { recordAudit } from '../audit/record-audit.js';
import { Type, type Static } from 'typebox';

/** `Platform/Package/CreatePackage`'s input; `id`, the installation id, is generated (32 hex digits) when not given. */
export const PackageInputSchema = Type.Object({
  id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
});
export type PackageInput = Static<typeof PackageInputSchema>;

/** A package as both dialects answer it. */
export const PackageSchema = Type.Object({
  id: Type.String({ description: 'The installation id (32 letters and digits), as `appList` names it' }),
  name: Type.String(),
  description: Type.String(),
  isBuiltIn: Type.Boolean(),
  creationTime: Type.String({ format: 'date-time' }),
});
export type PackageDto = Static<typeof PackageSchema>;

function packageDto(row: PackageRow): PackageDto {
  return { id: row.id, name: row.name, description: row.description, isBuiltIn: row.is_built_in, creationTime: row.created_at.toISOString() };
}

/** The host's catalogue of packages (apps) that tenants can have installed (`appList`, `isCaseDynamics`). */
export class PackageCatalogue {
  constructor(private readonly data: Data) {}

  async list(caller: Caller): Promise<PackageDto[]> {
    demand(caller, 'Catalogue.Manage');
    return (await this.data.packages.list()).map(packageDto);
  }

  /** The packages one tenant has installed (host only: a tenant's capabilities are the host's to manage). */
  async installedIn(caller: Caller, tenantId: number): Promise<PackageDto[]> {
    demand(caller, 'Tenants.Manage');
    return this.data.transaction(async (tx) => {
      if (!(await tx.tenants.findAny(tenantId))) throw AppError.notFound(`Tenant ${tenantId}`);
      const installed = new Set(await tx.packages.listInstalled(tenantId));
      return (await tx.packages.list()).filter((row) => installed.has(row.id)).map(packageDto);
    });
  }

  async create(caller: Caller, input: PackageInput): Promise<PackageDto> {
    demand(caller, 'Catalogue.Manage');
    const id = input.id?.trim().toLowerCase() || randomBytes(16).toString('hex');
    const name = input.name.trim();
    const description = input.description?.trim() ?? '';
    const problems: FieldProblem[] = [];
    if (!PACKAGE_ID_PATTERN.test(id)) problems.push({ field: 'id', message: 'An installation id is 32 letters and digits.' });
    const nameProblem = name ? textProblem(name, 128) : 'A package needs a name.';
    if (nameProblem) problems.push({ field: 'name', message: nameProblem });
    const descriptionProblem = textProblem(description, 2000);
    if (descriptionProblem) problems.push({ field: 'description', message: descriptionProblem });
    if (problems.length > 0) throw AppError.validation(problems);
    return this.data.transaction(async (tx) => {
      const row = await tx.packages.insert({ id, name, description });
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'package.created', target: `package:${row.id}`, after: { name, description } });
      return packageDto(row);
    });
  }

  /** Deletes a package no tenant has installed; built-in packages stay. */
  async delete(caller: Caller, id: string): Promise<void> {
    demand(caller, 'Catalogue.Manage');
    const packageId = id.trim().toLowerCase();
    const inUse = () => AppError.conflict(`The package ${packageId} is installed in a tenant and cannot be deleted.`);
    try {
      await this.deleteUnused(caller, packageId, id);
    } catch (error) {
      // An installation committed between the check and the delete: the foreign key refuses it.
      if (isForeignKeyViolation(error)) throw inUse();
      throw error;
    }
  }

  private async deleteUnused(caller: Caller, packageId: string, given: string): Promise<void> {
    await this.data.transaction(async (tx) => {
      const row = PACKAGE_ID_PATTERN.test(packageId) ? await tx.packages.find(packageId) : undefined;
      if (!row) throw AppError.notFound(`Package ${given}`);
      if (row.is_built_in) throw AppError.conflict(`The built-in package "${row.name}" cannot be deleted.`);
      const installations = await tx.packages.countInstallations(packageId);
      if (installations > 0) throw AppError.conflict(`The package "${row.name}" is installed in ${installations} tenant(s) and cannot be deleted.`);
      await tx.packages.delete(packageId);
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'package.deleted', target: `package:${packageId}`, before: { name: row.name } });
    });
  }
}
