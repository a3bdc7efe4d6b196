import { Type, type Static } from 'typebox';
import { AppError, isAppError } from '../../../../../domain/errors.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';
import type { TenantRow } from '../../../../../data/tenants.js';
import { readRestUpdate } from '../../../../rest/tenant-fields.js';
import type { TenantUpdate } from '../../../../../services/tenants/tenant-input.js';
import type { FieldProblem } from '../../../../../domain/errors.js';
import { optional, orNull } from '../../../../../services/contract-fields.js';

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
// A quota, as the REST record's: null clears it (no quota), as an empty field does there.
const count = () => optional(Type.Integer({ minimum: 0, maximum: MAX_INT4 }), 'A whole number, 0 or more; null clears the quota.');

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
 * The field of the tenant record (the REST dialect's name) each editable field is read as: both dialects then
 * share one set of rules, and a problem named by its record field is reported under the RPC name.
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

/** The edit DTO of a tenant; empty fields are null. */
export function tenantEditDto(tenant: TenantRow): TenantEditDto {
  const text = (value: string | null) => (value === null || value === '' ? null : value);
  return {
    id: tenant.id,
    name: text(tenant.name),
    companyName: text(tenant.company_name),
    subDomain: text(tenant.sub_domain),
    street: text(tenant.street),
    city: text(tenant.city),
    state: text(tenant.state),
    zip: text(tenant.zip),
    country: text(tenant.country),
    classification: text(tenant.classification),
    numberOfUsers: tenant.number_of_users,
    documentSpace: tenant.document_space,
    dataSpace: tenant.data_space,
  };
}

/** An `UpdateTenant` input read by the REST update's rules (as record texts; "" clears), with their problems. */
export function tenantUpdateOf(input: Partial<Record<TenantEditField, string | number | null>>): { update: TenantUpdate; problems: FieldProblem[] } {
  const fields: Record<string, string> = {};
  for (const name of EDIT_FIELDS) {
    const value = input[name];
    if (value !== undefined) fields[RECORD_FIELD[name]] = value === null ? '' : String(value);
  }
  return readRestUpdate(fields);
}

/**
 * The problems named by their RPC fields, so a form shows each next to its own input. `recordField` names a
 * problem of the registry (a detail's column) by its record field first.
 */
export function inRpcNames(error: unknown, recordField: (field: string) => string): unknown {
  if (!isAppError(error) || error.fields.length === 0) return error;
  const rpcName = new Map<string, string>(EDIT_FIELDS.map((name) => [RECORD_FIELD[name], name]));
  const fields = error.fields.map((f) => {
    const name = rpcName.get(recordField(f.field)) ?? f.field;
    return { field: name, message: f.message.replaceAll(`The ${f.field} field`, `The ${name} field`) };
  });
  const message = fields.length === 1 ? fields[0]!.message : error.message;
  return new AppError(error.code, message, { fields, ...(error.details === undefined ? {} : { details: error.details }) });
}
