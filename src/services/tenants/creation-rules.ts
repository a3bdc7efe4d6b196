import { randomBytes } from 'node:crypto';
import type { NewTenant } from '../../data/tenants.js';
import type { FieldProblem } from '../../domain/errors.js';
import { SERVICE_DESK_PACKAGE_ID } from '../../domain/packages.js';
import { toE164 } from '../../domain/phone-numbers.js';
import { deriveTenancyName } from '../../domain/tenancy-name.js';
import { countryCodeOf } from '../../domain/validators.js';
import { DEFAULT_PASSWORD_COMPLEXITY, passwordBreaches, type PasswordComplexity } from '../../domain/password-policy.js';
import type { TenantProvision } from './provisioning.js';
import { PLAN_DETAILS, type NewTenantInput, type ReadProblems, type TenantAdmin, type TenantDetails } from './tenant-input.js';
import { adminValueProblems, tenantValueProblems } from './tenant-value-rules.js';

/** A creation that passed the rules that need no database: what to provision, less the tenancy name and hash. */
export interface CheckedCreation {
  details: TenantDetails & { country_code: string | null };
  admin: TenantAdmin;
  /** The admin's phone in E.164, or null. */
  phone: string | null;
  isCaseDynamics: boolean;
  packageIds: string[];
}

/** The ISO code of the tenant's country, when its name or code can be read: stored beside the country as given. */
export function withCountryCode<T extends TenantDetails>(details: T): T & { country_code?: string | null } {
  if (details.country === undefined) return details;
  return { ...details, country_code: typeof details.country === 'string' ? (countryCodeOf(details.country) ?? null) : null };
}

/**
 * The rules of tenant creation that need no database (the single create and the bulk import both apply them):
 * the admin's phone (read against the tenant's country) and password. `passwordHashGiven` is the bulk import's case
 * of an admin whose password arrives already hashed, so no password is required. The password is held to
 * `complexity` (the host's policy: the new tenant has none of its own yet). The problems start with `read`'s.
 */
export function checkTenantCreation(input: NewTenantInput, read: ReadProblems, passwordHashGiven = false, complexity: PasswordComplexity = DEFAULT_PASSWORD_COMPLEXITY): { problems: FieldProblem[]; checked: CheckedCreation } {
  const problems: FieldProblem[] = [...read, ...tenantValueProblems(input.details, read, 'create'), ...adminValueProblems(input.admin, read, passwordHashGiven)];
  const { admin } = input;
  const passwordMissing = { field: 'password', message: 'The password field is required.' };
  if (admin.password === undefined && !passwordHashGiven && !read.some((p) => p.field === passwordMissing.field && p.message === passwordMissing.message)) problems.push(passwordMissing);
  const coded = withCountryCode(input.details);
  const details = { ...coded, country_code: coded.country_code ?? null };
  const phone = admin.phone === undefined ? undefined : toE164(admin.phone, details.country_code);
  if (admin.phone !== undefined && !phone) {
    problems.push({ field: 'phone', message: `"${admin.phone.slice(0, 40)}" is not a valid phone number for the tenant's country; give it in international format (+…).` });
  }
  if (admin.password !== undefined) problems.push(...passwordBreaches(admin.password, complexity, 'password'));
  const packageIds = input.isCaseDynamics ? [...new Set([...input.packageIds, SERVICE_DESK_PACKAGE_ID])] : [...input.packageIds];
  return { problems, checked: { details, admin, phone: phone ?? null, isCaseDynamics: input.isCaseDynamics, packageIds } };
}

/** The plan ids the details refer to, to look up in the catalogue in one query. */
export function referencedPlanIds(details: TenantDetails): number[] {
  return PLAN_DETAILS.map((detail) => details[detail]).filter((id): id is number => typeof id === 'number');
}

/** One problem per plan detail whose plan is not in the catalogue (`known`: the ids that are). */
export function unknownPlanProblems(details: TenantDetails, known: { has(id: number): boolean }): FieldProblem[] {
  return PLAN_DETAILS.flatMap((detail) => {
    const id = details[detail];
    return typeof id === 'number' && !known.has(id) ? [{ field: detail, message: `There is no plan with the id ${id}.` }] : [];
  });
}

/** What a checked creation provisions, less the tenancy name (made unique later) and the password hash. */
export interface CreationPlan {
  /** The tenancy name to make unique: derived from the sub-domain (when sub-domains are on) or the company. */
  baseName: string;
  provision: Omit<TenantProvision, 'tenancyName' | 'admin'> & { admin: Omit<TenantProvision['admin'], 'passwordHash'> };
}

/** Turns a checked creation into what `provisionTenant` (or the bulk import) writes. */
export function planCreation(checked: CheckedCreation, enableTenantSubDomains: boolean, createdByUserId: number | null): CreationPlan {
  const columns: Record<string, unknown> = { ...checked.details };
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
        email: checked.admin.email,
        name: checked.admin.name,
        surname: checked.admin.surname,
        phone: checked.phone,
        mustChangePassword: checked.admin.mustChangePassword ?? true,
      },
      settings: { timezone: (columns.time_zone as string | undefined) ?? null, defaultCountryCode: checked.details.country_code },
      createdByUserId,
    },
  };
}

/** The last resort when every numbered candidate of a tenancy name is taken. */
export function randomTenancyName(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}
