import { randomBytes } from 'node:crypto';
import type { NewTenant } from '../../data/tenants.js';
import type { FieldProblem } from '../../domain/errors.js';
import { parsePackageIdList, SERVICE_DESK_PACKAGE_ID } from '../../domain/packages.js';
import { toE164 } from '../../domain/phone-numbers.js';
import { deriveTenancyName } from '../../domain/tenancy-name.js';
import { parseFlag } from '../../domain/tenant-field-values.js';
import { DEFAULT_PASSWORD_COMPLEXITY, passwordBreaches, type PasswordComplexity } from '../../domain/password-policy.js';
import type { TenantProvision } from './provisioning.js';
import { readTenantFields, type AdminFields, type RestFields } from './rest-fields.js';

/** A tenant to create from the REST resource's fields, with the options that travel beside them. */
export interface TenantCreation {
  fields: RestFields;
  /** Package installation ids separated by commas and/or whitespace. */
  appList?: string | undefined;
  /** `1`/`true`: install the built-in ServiceDesk package and turn the ServiceDesk capability on. */
  isCaseDynamics?: string | undefined;
}

/** A creation that passed the rules that need no database: what to provision, less the tenancy name and hash. */
export interface CheckedCreation {
  columns: Record<string, unknown>;
  admin: AdminFields;
  /** The admin's phone in E.164, or null. */
  phone: string | null;
  countryCode: string | null;
  isCaseDynamics: boolean;
  packageIds: string[];
  /** Plan ids the record refers to, by field name; `unknownPlanProblems` checks them against the catalogue. */
  lookups: ReadonlyMap<string, number | null>;
}

/**
 * The rules of tenant creation that need no database (the REST create and the bulk import both apply them):
 * the field catalogue, the flags, the package list, the admin's phone and password. `passwordHashGiven` is the
 * bulk import's case of an admin whose password arrives already hashed, so no password is required. The password is
 * held to `complexity` (the host's policy: the new tenant has none of its own yet).
 */
export function checkTenantCreation(input: TenantCreation, passwordHashGiven = false, complexity: PasswordComplexity = DEFAULT_PASSWORD_COMPLEXITY): { problems: FieldProblem[]; checked: CheckedCreation } {
  const read = readTenantFields(input.fields, 'create');
  const problems = passwordHashGiven ? read.problems.filter((p) => p.field !== 'password' || read.admin.password !== undefined) : [...read.problems];
  if (passwordHashGiven && read.admin.password !== undefined) problems.push({ field: 'password', message: 'Give either a password or a password hash, not both.' });
  const caseDynamicsText = input.isCaseDynamics?.trim() ?? '';
  const isCaseDynamics = caseDynamicsText === '' ? false : parseFlag(caseDynamicsText);
  if (isCaseDynamics === undefined) problems.push({ field: 'isCaseDynamics', message: 'Must be 1 or 0 (true or false).' });
  const apps = parsePackageIdList(input.appList ?? '');
  if (apps.invalid.length > 0) {
    problems.push({ field: 'appList', message: `These are not package installation ids: ${apps.invalid.slice(0, 5).join(', ')}.` });
  }
  const countryCode = (read.columns.country_code as string | null | undefined) ?? null;
  const phone = read.admin.phone === undefined ? undefined : toE164(read.admin.phone, countryCode);
  if (read.admin.phone !== undefined && !phone) {
    problems.push({ field: 'phone', message: `"${read.admin.phone.slice(0, 40)}" is not a valid phone number for the tenant's country; give it in international format (+…).` });
  }
  if (read.admin.password !== undefined) problems.push(...passwordBreaches(read.admin.password, complexity, 'password'));
  const packageIds = isCaseDynamics ? [...new Set([...apps.ids, SERVICE_DESK_PACKAGE_ID])] : apps.ids;
  return {
    problems,
    checked: { columns: { ...read.columns }, admin: read.admin, phone: phone ?? null, countryCode, isCaseDynamics: isCaseDynamics === true, packageIds, lookups: read.lookups },
  };
}

/** The plan ids a record refers to, to look up in the catalogue in one query. */
export function referencedPlanIds(lookups: ReadonlyMap<string, number | null>): number[] {
  return [...lookups.values()].filter((id): id is number => id !== null);
}

/** One problem per lookup field whose plan is not in the catalogue (`known`: the ids that are). */
export function unknownPlanProblems(lookups: ReadonlyMap<string, number | null>, known: { has(id: number): boolean }): FieldProblem[] {
  return [...lookups]
    .filter(([, id]) => id !== null && !known.has(id))
    .map(([field, id]) => ({ field, message: `There is no plan with the id ${id}.` }));
}

/** What a checked creation provisions, less the tenancy name (made unique later) and the password hash. */
export interface CreationPlan {
  /** The tenancy name to make unique: derived from the sub-domain (when sub-domains are on) or the company. */
  baseName: string;
  provision: Omit<TenantProvision, 'tenancyName' | 'admin'> & { admin: Omit<TenantProvision['admin'], 'passwordHash'> };
}

/** Turns a checked creation into what `provisionTenant` (or the bulk import) writes. */
export function planCreation(checked: CheckedCreation, enableTenantSubDomains: boolean, createdByUserId: number | null): CreationPlan {
  const columns = { ...checked.columns };
  if (!enableTenantSubDomains) delete columns.sub_domain;
  const company = columns.company_name as string;
  const name = (columns.name as string | undefined) || company;
  delete columns.name;
  return {
    baseName: deriveTenancyName((columns.sub_domain as string | null | undefined) ?? company),
    provision: {
      name,
      details: { ...(columns as Omit<NewTenant, 'tenancy_name' | 'name' | 'number'>), is_case_dynamics: checked.isCaseDynamics },
      admin: {
        email: checked.admin.email!,
        name: checked.admin.first_name!,
        surname: checked.admin.last_name!,
        phone: checked.phone,
        mustChangePassword: checked.admin.force_password_change_on_login ?? true,
      },
      settings: { timezone: (columns.time_zone as string | undefined) ?? null, defaultCountryCode: checked.countryCode },
      createdByUserId,
    },
  };
}

/** The last resort when every numbered candidate of a tenancy name is taken. */
export function randomTenancyName(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}
