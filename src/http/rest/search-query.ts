import { AppError, type FieldProblem } from '../../domain/errors.js';
import { MAX_PAGE_SIZE, REST_DEFAULT_PAGE_SIZE } from '../../domain/paging.js';
import { parseFlag } from '../../domain/tenant-field-values.js';
import { tenantField } from '../../domain/tenant-fields.js';
import type { TenantSearchQuery, TenantSort } from '../../services/tenants/search.js';

const MAX_PAGE = 10_000_000;

export interface RestSearch {
  query: TenantSearchQuery;
  /** The fields to show; undefined: all of them (`*`, or no fieldList). */
  fields: ReadonlySet<string> | undefined;
}

// Old AgileApps examples quote parameter values (`sortBy='id'`, `sortOrder="desc"`).
const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2').trim();

/**
 * Reads the AgileApps search parameters (names already lower-cased): fieldList, filter, page, pageSize,
 * getTotalRecordCount, sortBy/sortOrder, sortBy2/sortOrder2. Every bad parameter is named in one 400.
 */
export function parseSearchQuery(params: ReadonlyMap<string, string | string[]>): RestSearch {
  const problems: FieldProblem[] = [];
  const single = (name: string, display: string): string | undefined => {
    const value = params.get(name);
    if (Array.isArray(value)) {
      problems.push({ field: display, message: `${display} is given more than once.` });
      return undefined;
    }
    return value;
  };

  const fields = fieldListOf(single('fieldlist', 'fieldList'), problems);
  const filter = single('filter', 'filter');
  const page = wholeNumber(single('page', 'page'), 'page', 0, MAX_PAGE, 0, problems);
  const pageSize = wholeNumber(single('pagesize', 'pageSize'), 'pageSize', 1, MAX_PAGE_SIZE, REST_DEFAULT_PAGE_SIZE, problems);
  const totalText = single('gettotalrecordcount', 'getTotalRecordCount');
  const withTotal = totalText === undefined || totalText.trim() === '' ? false : parseFlag(unquote(totalText));
  if (withTotal === undefined) problems.push({ field: 'getTotalRecordCount', message: 'getTotalRecordCount must be 1, 0, true or false.' });

  const sort: TenantSort[] = [];
  for (const [by, order] of [['sortBy', 'sortOrder'], ['sortBy2', 'sortOrder2']] as const) {
    const fieldName = unquote(single(by.toLowerCase(), by) ?? '');
    const orderText = unquote(single(order.toLowerCase(), order) ?? '').toLowerCase();
    if (orderText && orderText !== 'asc' && orderText !== 'desc') problems.push({ field: order, message: `${order} must be asc or desc.` });
    if (!fieldName) continue;
    const field = tenantField(fieldName);
    if (!field?.searchable) {
      problems.push({ field: by, message: `"${fieldName.slice(0, 40)}" is not a tenant field that can be sorted on.` });
      continue;
    }
    sort.push({ field: field.name, order: orderText === 'desc' ? 'desc' : 'asc' });
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return { query: { filter, sort, page: page!, pageSize: pageSize!, withTotal: withTotal === true }, fields };
}

/** The `fieldList` of a single-record read, by the same rules as a search's. */
export function parseFieldList(params: ReadonlyMap<string, string | string[]>): ReadonlySet<string> | undefined {
  const problems: FieldProblem[] = [];
  const value = params.get('fieldlist');
  const fields = fieldListOf(Array.isArray(value) ? value.join(',') : value, problems);
  if (problems.length > 0) throw AppError.validation(problems);
  return fields;
}

function fieldListOf(text: string | undefined, problems: FieldProblem[]): ReadonlySet<string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map(unquote).filter(Boolean);
  const fields = new Set<string>(['id']);
  // Every name is checked, beside `*` too: `*,nosuchfield` is a mistake, not "all fields".
  for (const name of names) {
    if (name === '*') continue;
    const field = tenantField(name);
    if (!field || field.writeOnly) problems.push({ field: 'fieldList', message: `"${name.slice(0, 40)}" is not a field of the tenant resource.` });
    else fields.add(field.name);
  }
  return names.includes('*') ? undefined : fields;
}

function wholeNumber(text: string | undefined, name: string, min: number, max: number, fallback: number, problems: FieldProblem[]): number | undefined {
  if (text === undefined || text.trim() === '') return fallback;
  const value = unquote(text);
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push({ field: name, message: `${name} must be a whole number from ${min} to ${max}.` });
    return undefined;
  }
  return Number(value);
}
