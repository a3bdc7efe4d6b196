import { Type, type Static } from 'typebox';
import { AppError, isAppError } from '../../../../../domain/errors.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';
import type { TenantRecord } from '../../../../../services/tenants/tenant-record.js';
import { optional, orNull } from '../../../nullable.js';

/** ASP.NET Zero's `TenantEditDto`, in this product's fields: what `GetTenantForEdit` and `UpdateTenant` answer. */
export const TenantEditDtoSchema = Type.Object({
  id: Type.Integer(),
  name: orNull(Type.String()),
  companyName: orNull(Type.String()),
  subDomain: orNull(Type.String({ description: 'The service-portal sub-domain (when the host turned sub-domains on).' })),
  street: orNull(Type.String()),
  city: orNull(Type.String()),
  state: orNull(Type.String()),
  zip: orNull(Type.String()),
  country: orNull(Type.String({ description: 'A country name or ISO 3166 code.' })),
  classification: orNull(Type.String()),
  numberOfUsers: orNull(Type.Integer()),
  documentSpace: orNull(Type.Integer()),
  dataSpace: orNull(Type.Integer()),
});
export type TenantEditDto = Static<typeof TenantEditDtoSchema>;
type TenantEditField = Exclude<keyof TenantEditDto, 'id'>;

const text = () => optional(Type.String({ maxLength: 4000 }));
const count = () => optional(Type.Integer({ minimum: 0, maximum: MAX_INT4 }));

/** What `UpdateTenant` takes beside the id: absent stays, null or "" clears (a required field is refused). */
export const tenantEditInputFields = {
  name: text(),
  companyName: text(),
  subDomain: text(),
  street: text(),
  city: text(),
  state: text(),
  zip: text(),
  country: text(),
  classification: text(),
  numberOfUsers: count(),
  documentSpace: count(),
  dataSpace: count(),
};

/**
 * The field of the tenant record (the REST dialect's name) each editable field is stored as: both dialects then
 * share one set of rules, and a problem the registry names by its record field is reported under the RPC name.
 */
const RECORD_FIELD: Readonly<Record<TenantEditField, string>> = {
  name: 'name',
  companyName: 'company',
  subDomain: 'service_portal_sub_domain',
  street: 'street',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
  classification: 'classification',
  numberOfUsers: 'number_of_users',
  documentSpace: 'document_space',
  dataSpace: 'data_space',
};
const EDIT_FIELDS = Object.keys(RECORD_FIELD) as TenantEditField[];
const COUNTS: ReadonlySet<TenantEditField> = new Set(['numberOfUsers', 'documentSpace', 'dataSpace']);

/** The edit DTO of a tenant's record. */
export function tenantEditDto(id: number, record: TenantRecord): TenantEditDto {
  const dto = { id } as Record<string, unknown>;
  for (const name of EDIT_FIELDS) {
    const value = record.get(RECORD_FIELD[name]);
    dto[name] = value === undefined || value === null || value === '' ? null : COUNTS.has(name) ? Number(value) : String(value);
  }
  return dto as TenantEditDto;
}

/** The record fields an `UpdateTenant` input changes, as the registry reads them (text; "" clears). */
export function recordFieldsOf(input: Partial<Record<TenantEditField, string | number | null>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of EDIT_FIELDS) {
    const value = input[name];
    if (value !== undefined) fields[RECORD_FIELD[name]] = value === null ? '' : String(value);
  }
  return fields;
}

/** The registry's problems named by their RPC fields, so a form shows each next to its own input. */
export function inRpcNames(error: unknown): unknown {
  if (!isAppError(error) || error.fields.length === 0) return error;
  const rpcName = new Map<string, string>(EDIT_FIELDS.map((name) => [RECORD_FIELD[name], name]));
  const fields = error.fields.map((f) => {
    const name = rpcName.get(f.field) ?? f.field;
    return { field: name, message: f.message.replaceAll(`The ${f.field} field`, `The ${name} field`) };
  });
  const message = fields.length === 1 ? fields[0]!.message : error.message;
  return new AppError(error.code, message, { fields, ...(error.details === undefined ? {} : { details: error.details }) });
}
