import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../domain/errors.js';
import type { Services } from '../../../services/index.js';
import { RecordList, type RestElement } from '../document.js';
import { queryParams, sendPlatform, successMessage } from '../formats.js';
import { resourcePayload } from '../payload.js';
import { invalidTenantId } from '../platform-errors.js';
import { restCaller, restResource } from '../resource.js';
import { MAX_INT4, MAX_PAGE_SIZE, REST_DEFAULT_PAGE_SIZE } from '../../../domain/paging.js';
import { parseFieldList, parseSearchQuery } from '../search-query.js';
import { tenantDocument } from '../tenant-document.js';
import { readRestCreation, readRestUpdate, rethrowInRestTerms } from '../tenant-fields.js';
import { tenantRecords } from '../tenant-record.js';


/** `/tenant/{tenant_id}`: `abc` is not a tenant id (400, -4006); a well-formed id that names nothing is a 404. */
function tenantIdOf(request: FastifyRequest): number {
  const raw = (request.params as { id: string }).id;
  if (!/^\d+$/.test(raw)) throw invalidTenantId(raw);
  if (raw.length > 10 || Number(raw) > MAX_INT4) throw AppError.notFound(`Tenant ${raw.slice(0, 20)}`);
  return Number(raw);
}

/** Elements beside the tenant's fields that only a create reads. */
const CREATE_OPTIONS = ['appList', 'isCaseDynamics'];

const SearchParameters = Type.Object({
  fieldList: Type.Optional(Type.String({ description: 'Comma-separated field names; `*` for all (the default). `id` is always included.' })),
  filter: Type.Optional(Type.String({ description: "AgileApps filter expression, e.g. `name contains 'smith'`." })),
  page: Type.Optional(Type.String({ description: 'Page number, from 0 (the default).' })),
  pageSize: Type.Optional(Type.String({ description: `Records per page, 1 to ${MAX_PAGE_SIZE} (default ${REST_DEFAULT_PAGE_SIZE}).` })),
  getTotalRecordCount: Type.Optional(Type.String({ description: '1/true adds <totalRecordCount>.' })),
  sortBy: Type.Optional(Type.String()),
  sortOrder: Type.Optional(Type.String({ description: 'asc or desc' })),
  sortBy2: Type.Optional(Type.String()),
  sortOrder2: Type.Optional(Type.String({ description: 'asc or desc' })),
  alt: Type.Optional(Type.String({ description: 'json or xml; overrides the Accept header' })),
});

/** The AgileApps tenant resource: `/networking/rest/tenant` and `/networking/rest/tenant/{tenant_id}`. */
export function tenantRoutes(app: FastifyInstance, services: Services): void {
  const publicUrl = services.config.publicUrl;
  const registry = services.tenantRegistry;

  restResource(app, '/tenant', {
    GET: {
      summary: 'Search tenants',
      description: 'Records in `<tenant>` elements, then `<message>`, `<recordCount>` and, when asked, `<totalRecordCount>`.',
      secured: true,
      querystring: SearchParameters,
      async handler(request, reply) {
        const caller = restCaller(request);
        registry.authorize(caller);
        const { query, fields } = parseSearchQuery(queryParams(request));
        const result = await services.tenantSearch.search(caller, query);
        const records = tenantRecords(await registry.withNames(caller, result.tenants));
        const content: RestElement = {
          tenant: new RecordList(records.map((record) => tenantDocument(record, publicUrl, fields))),
          message: successMessage(),
          recordCount: String(records.length),
          totalRecordCount: query.withTotal && result.total !== undefined ? String(result.total) : undefined,
        };
        const { restStrictCompatibility } = await services.hostConfiguration.current();
        return sendPlatform(request, reply, 200, content, restStrictCompatibility);
      },
    },
    POST: {
      summary: 'Create a tenant with its admin user (and packages)',
      description:
        'Body `<platform><tenant>…</tenant></platform>` (XML or JSON). `appList` and `isCaseDynamics` may be inside `<tenant>`, inside ' +
        '`<platform>` or after `</platform>`. Answers 201 with the id in `<message><id>`.',
      secured: true,
      async handler(request, reply) {
        const caller = restCaller(request);
        registry.authorize(caller);
        const { fields, options } = resourcePayload(request.body, 'tenant', CREATE_OPTIONS);
        const { tenant, problems } = readRestCreation(fields, options);
        const { id } = await registry.create(caller, tenant, problems).catch(rethrowInRestTerms);
        reply.header('location', `${publicUrl}/networking/rest/tenant/${id}`);
        return sendPlatform(request, reply, 201, { message: successMessage('Success', id) });
      },
    },
  });

  const IdParameter = Type.Object({ id: Type.String({ description: 'The tenant id' }) });
  restResource(
    app,
    '/tenant/:id',
    {
      GET: {
        summary: 'Read a tenant',
        description: '`fieldList` narrows the document as it does a search (`id` always included).',
        secured: true,
        querystring: Type.Pick(SearchParameters, ['fieldList', 'alt']),
        async handler(request, reply) {
          const caller = restCaller(request);
          registry.authorize(caller);
          const id = tenantIdOf(request);
          const fields = parseFieldList(queryParams(request));
          const [record] = tenantRecords(await registry.read(caller, id));
          return sendPlatform(request, reply, 200, { tenant: tenantDocument(record!, publicUrl, fields), message: successMessage() });
        },
      },
      PUT: {
        summary: 'Update a tenant (absent fields stay, empty fields are cleared)',
        secured: true,
        async handler(request, reply) {
          const caller = restCaller(request);
          registry.authorize(caller);
          const id = tenantIdOf(request);
          const { fields, options } = resourcePayload(request.body, 'tenant', CREATE_OPTIONS);
          // Read as a create reads them, so they are refused rather than silently dropped.
          const given = CREATE_OPTIONS.filter((name) => options[name] !== undefined);
          if (given.length > 0) throw AppError.validation(given.map((field) => ({ field, message: `The ${field} element can only be given when the tenant is created.` })));
          const { update, problems } = readRestUpdate(fields);
          await registry.update(caller, id, update, problems).catch(rethrowInRestTerms);
          return sendPlatform(request, reply, 200, { message: successMessage() });
        },
      },
      DELETE: {
        summary: 'Delete a tenant (restorable until purged); its users’ credentials end at once',
        secured: true,
        async handler(request, reply) {
          const caller = restCaller(request);
          registry.authorize(caller);
          await registry.delete(caller, tenantIdOf(request));
          return sendPlatform(request, reply, 200, { message: successMessage() });
        },
      },
    },
    IdParameter,
  );
}
