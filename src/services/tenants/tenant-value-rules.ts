import type { FieldProblem } from '../../domain/errors.js';
import { parseTenantFieldValue } from '../../domain/tenant-field-values.js';
import { tenantField, tenantFields, type TenantField } from '../../domain/tenant-fields.js';
import type { NewTenantInput, ReadProblems, TenantAdmin, TenantDetails } from './tenant-input.js';

/** The admin's fields in the use case's words → the record field whose rule they follow. */
const ADMIN_RULES: Readonly<Partial<Record<keyof TenantAdmin, string>>> = { email: 'email', name: 'first_name', surname: 'last_name', password: 'password' };

/** A typed value as the text a client would have written, so one rule (domain/tenant-field-values.ts) reads both. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return undefined;
}

/** Checks one value, unless the reader already named its record field (readers name problems by record field). */
function check(problems: FieldProblem[], read: ReadProblems, key: string, field: TenantField, value: unknown, required: boolean): void {
  if (read.some((p) => p.field === field.name)) return;
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && field.name !== 'name');
  if (empty) {
    if (required) problems.push({ field: key, message: `The ${field.name} field is required.` });
    return;
  }
  const text = asText(value);
  const parsed = text === undefined ? { problem: 'This value is not of the field’s type.' } : parseTenantFieldValue(field, text);
  if (parsed.problem !== undefined && !(field.name === 'name' && text === '')) problems.push({ field: key, message: parsed.problem });
}

/**
 * The tenant record's value rules (e-mail, sub-domain label, time zone, lengths, numbers…) applied to the typed
 * details of a create or a change, whichever dialect or tool built them: a caller that skips the REST reader
 * still meets every rule. What the reader already named (`read`) is not named again. In a change an absent detail
 * stays and only a required one cannot be cleared.
 */
export function tenantValueProblems(details: TenantDetails, read: ReadProblems, mode: 'create' | 'update'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of tenantFields) {
    if (field.column === null || field.readOnly || field.writeOnly || field.name === 'active') continue;
    const key = field.column as keyof TenantDetails;
    if (mode === 'update' && !Object.hasOwn(details, key)) continue;
    check(problems, read, key, field, details[key], field.requiredOnCreate === true);
  }
  return problems;
}

/** The admin's value rules of a create (its phone is read against the tenant's country elsewhere). */
export function adminValueProblems(admin: NewTenantInput['admin'], read: ReadProblems, passwordHashGiven: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, fieldName] of Object.entries(ADMIN_RULES) as [keyof TenantAdmin, string][]) {
    if (key === 'password' && (passwordHashGiven || admin.password === undefined)) continue;
    check(problems, read, key, tenantField(fieldName)!, admin[key], true);
  }
  return problems;
}
