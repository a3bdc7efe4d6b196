import { AppError, isAppError, type FieldProblem } from '../../domain/errors.js';
import { parsePackageIdList } from '../../domain/packages.js';
import { parseFlag, parseTenantFieldValue, type TenantValue } from '../../domain/tenant-field-values.js';
import { tenantField, tenantFields } from '../../domain/tenant-fields.js';
import type { NewTenantInput, TenantAdmin, TenantDetails, TenantUpdate } from '../../services/tenants/tenant-input.js';

/** A tenant record as a REST client writes it: field name → text ('' = empty). */
export type RestFields = Readonly<Record<string, string>>;

/** What the spec's create sample calls the force-password flag, beside the field table's own name. */
const ALIASES: Readonly<Record<string, string>> = { force_password_to_be_changed: 'force_password_change_on_login' };

/** The admin's fields: REST name → the tenant use case's name. */
const ADMIN_FIELDS: Readonly<Record<string, keyof TenantAdmin>> = {
  email: 'email',
  first_name: 'name',
  last_name: 'surname',
  password: 'password',
  phone: 'phone',
  sendWelcomeEmail: 'sendWelcomeEmail',
  force_password_change_on_login: 'mustChangePassword',
};

/** The use case's names that are not a field of the record: the create's options beside it. */
const OPTION_FIELDS: Readonly<Record<string, string>> = { packageIds: 'appList' };

interface ReadFields {
  details: TenantDetails;
  admin: Partial<TenantAdmin>;
  /** `active`: suspension and resumption go through the tenant lifecycle. */
  active?: boolean;
  problems: FieldProblem[];
}

/** The options a REST create carries beside the record (inside `<tenant>`, in `<platform>` or after it). */
export interface RestCreateOptions {
  /** Package installation ids separated by commas and/or whitespace. */
  appList?: string | undefined;
  /** `1`/`true`: install the built-in ServiceDesk package and turn the ServiceDesk capability on. */
  isCaseDynamics?: string | undefined;
}

/**
 * Reads a REST create: the record against the field catalogue, and the options beside it. `passwordHashGiven` is
 * the bulk import's case of an admin whose password arrives already hashed, so no password is required.
 */
export function readRestCreation(fields: RestFields, options: RestCreateOptions, passwordHashGiven = false): { tenant: NewTenantInput; problems: FieldProblem[] } {
  const read = readTenantFields(fields, 'create');
  const problems = passwordHashGiven ? read.problems.filter((p) => p.field !== 'password' || read.admin.password !== undefined) : read.problems;
  const caseDynamicsText = options.isCaseDynamics?.trim() ?? '';
  const isCaseDynamics = caseDynamicsText === '' ? false : parseFlag(caseDynamicsText);
  if (isCaseDynamics === undefined) problems.push({ field: 'isCaseDynamics', message: 'Must be 1 or 0 (true or false).' });
  const apps = parsePackageIdList(options.appList ?? '');
  if (apps.invalid.length > 0) {
    problems.push({ field: 'appList', message: `These are not package installation ids: ${apps.invalid.slice(0, 5).join(', ')}.` });
  }
  // What is missing is among the problems, which travel with the tenant to the use case: it then writes nothing.
  const details = read.details as NewTenantInput['details'];
  const tenant: NewTenantInput = { details, admin: read.admin as TenantAdmin, packageIds: apps.ids, isCaseDynamics: isCaseDynamics === true };
  return { tenant, problems };
}

/** Reads a REST update: absent fields stay, empty ones are cleared, read-only and create-only ones are problems. */
export function readRestUpdate(fields: RestFields): { update: TenantUpdate; problems: FieldProblem[] } {
  const read = readTenantFields(fields, 'update');
  return { update: read.active === undefined ? { details: read.details } : { details: read.details, active: read.active }, problems: read.problems };
}

/** The REST field a problem of the tenant use case is about (its detail's column, its admin field, an option). */
export function restFieldOf(field: string): string {
  const record = tenantFields.find((f) => f.column === field && !f.writeOnly);
  if (record) return record.name;
  const admin = Object.entries(ADMIN_FIELDS).find(([, name]) => name === field);
  if (admin) return admin[0];
  return OPTION_FIELDS[field] ?? field;
}

/** Throws an error of the tenant use case with its fields named as the REST resource names them. */
export function rethrowInRestTerms(error: unknown): never {
  if (!isAppError(error) || error.fields.length === 0) throw error;
  const fields = error.fields.map((f) => ({ field: restFieldOf(f.field), message: f.message }));
  throw new AppError(error.code, error.message, { fields, ...(error.details === undefined ? {} : { details: error.details }), cause: error.cause });
}

/**
 * Reads a REST tenant record against the field catalogue: unknown fields, read-only fields, fields that only a
 * create accepts, required fields left empty, and values that break their field's rule all become problems
 * naming the field. An `id` in the body is ignored (the URI names the record).
 */
function readTenantFields(raw: RestFields, mode: 'create' | 'update'): ReadFields {
  const result: ReadFields = { details: {}, admin: {}, problems: [] };
  const problem = (field: string, message: string) => result.problems.push({ field, message });
  const given = new Map<string, { text: string; alias: boolean }>();
  for (const [name, text] of Object.entries(raw)) {
    const alias = Object.hasOwn(ALIASES, name.toLowerCase()) ? ALIASES[name.toLowerCase()] : undefined;
    const field = tenantField(alias ?? name);
    if (!field) {
      problem(name, `"${name}" is not a field of the tenant resource.`);
      continue;
    }
    // The field table's own name wins over its alias when a client sends both.
    if (alias && given.get(field.name)?.alias === false) continue;
    given.set(field.name, { text, alias: alias !== undefined });
  }

  for (const [name, { text }] of given) {
    const field = tenantField(name)!;
    if (field.name === 'id') continue;
    if (field.readOnly) {
      problem(name, `The ${name} field is read-only.`);
      continue;
    }
    if (field.writeOnly && mode === 'update') {
      problem(name, `The ${name} field can only be given when the tenant is created.`);
      continue;
    }
    const empty = name === 'password' ? text === '' : text.trim() === '';
    if (empty) {
      if (field.requiredOnCreate) problem(name, mode === 'create' ? `The ${name} field is required.` : `The ${name} field is required and cannot be cleared.`);
      else store(result, name, null);
      continue;
    }
    if (name === 'phone') {
      result.admin.phone = text.trim();
      continue;
    }
    const parsed = parseTenantFieldValue(field, text);
    if (parsed.problem !== undefined) problem(name, parsed.problem);
    else store(result, name, parsed.value);
  }

  if (mode === 'create') {
    for (const field of tenantFields) {
      if (field.requiredOnCreate && !given.has(field.name)) problem(field.name, `The ${field.name} field is required.`);
    }
  }
  return result;
}

function store(result: ReadFields, name: string, value: TenantValue): void {
  const field = tenantField(name)!;
  if (field.writeOnly) {
    if (value !== null) (result.admin as Record<string, unknown>)[ADMIN_FIELDS[field.name]!] = value;
    return;
  }
  if (name === 'active') {
    if (typeof value === 'boolean') result.active = value;
    return;
  }
  // A tenant always has a display name; clearing it leaves it empty, as the spec's sample shows it.
  (result.details as Record<string, unknown>)[field.column!] = name === 'name' && value === null ? '' : value;
}
