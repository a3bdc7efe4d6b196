import type { TenantChanges } from '../../data/tenants.js';
import type { FieldProblem } from '../../domain/errors.js';
import { parseTenantFieldValue, type TenantValue } from '../../domain/tenant-field-values.js';
import { tenantField, tenantFields } from '../../domain/tenant-fields.js';
import { countryCodeOf } from '../../domain/validators.js';

/** A tenant record as a REST client writes it: field name → text ('' = empty). */
export type RestFields = Readonly<Record<string, string>>;

/** What the spec's create sample calls the force-password flag, beside the field table's own name. */
const ALIASES: Readonly<Record<string, string>> = { force_password_to_be_changed: 'force_password_change_on_login' };

/** Fields kept on the admin user or used once at creation, not stored on the tenant. */
export interface AdminFields {
  email?: string;
  first_name?: string;
  last_name?: string;
  password?: string;
  /** As typed; read against the tenant's country later. */
  phone?: string;
  sendWelcomeEmail?: boolean;
  force_password_change_on_login?: boolean;
}

export interface ReadTenantFields {
  /** Tenant columns to write (null: cleared). */
  columns: TenantChanges;
  admin: AdminFields;
  /** `active`: suspension and resumption go through the tenant lifecycle. */
  active?: boolean;
  /** Lookup ids into the product catalogue, by field name. */
  lookups: Map<string, number | null>;
  problems: FieldProblem[];
}

/**
 * Reads a REST tenant record against the field catalogue: unknown fields, read-only fields, fields that only a
 * create accepts, required fields left empty, and values that break their field's rule all become problems
 * naming the field. An `id` in the body is ignored (the URI names the record).
 */
export function readTenantFields(raw: RestFields, mode: 'create' | 'update'): ReadTenantFields {
  const result: ReadTenantFields = { columns: {}, admin: {}, lookups: new Map(), problems: [] };
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

function store(result: ReadTenantFields, name: string, value: TenantValue): void {
  const field = tenantField(name)!;
  if (field.writeOnly) {
    if (value !== null) (result.admin as Record<string, unknown>)[name] = value;
    return;
  }
  if (name === 'active') {
    if (typeof value === 'boolean') result.active = value;
    return;
  }
  const columns = result.columns as Record<string, unknown>;
  if (field.type === 'lookup') result.lookups.set(name, value as number | null);
  // A tenant always has a display name; clearing it leaves it empty, as the spec's sample shows it.
  columns[field.column!] = name === 'name' && value === null ? '' : value;
  if (name === 'country') columns.country_code = typeof value === 'string' ? (countryCodeOf(value) ?? null) : null;
}
