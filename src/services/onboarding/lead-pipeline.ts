import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { PipelineLeadRow } from '../../data/leads.js';
import { HOST_TENANT_ID, demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { ProblemList } from '../../domain/problems.js';
import { textProblem } from '../../domain/validators.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { pagingArguments, optional, Id } from '../contract-fields.js';

const Text = Type.Union([Type.String(), Type.Null()]);

/** One lead of the pipeline as `CRM/Lead/GetLeads` answers it: the sign-up request, its contact, and what became of it. */
export const LeadDtoSchema = Type.Object({
  id: Type.Integer(),
  leadRequestXref: Type.String(),
  stage: Text,
  tag: Text,
  isConverted: Type.Boolean({ description: 'The registration was completed: the lead became a tenant.' }),
  convertedTenantId: Type.Union([Type.Integer(), Type.Null()]),
  convertedTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  companyName: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  city: Type.String(),
  state: Type.String(),
  comments: Text,
  sourceCode: Text,
  channelCode: Text,
  campaignCode: Text,
  affiliateCode: Text,
  couponCode: Text,
  isHelpNeeded: Type.Boolean(),
  creationTime: Type.String({ format: 'date-time' }),
});
export type LeadDto = Static<typeof LeadDtoSchema>;

/** `CRM/Lead/GetLeads`'s input: `stage` and `tag` match exactly, and '' asks for leads without one. */
export const LeadPipelineQuerySchema = Type.Object({
  stage: Type.Optional(Type.String({ maxLength: 64 })),
  tag: Type.Optional(Type.String({ maxLength: 128 })),
  isConverted: Type.Optional(Type.Boolean()),
  filter: Type.Optional(Type.String({ maxLength: 256 })),
  ...pagingArguments,
});
export type LeadPipelineQuery = Static<typeof LeadPipelineQuerySchema>;

/** `CRM/Lead/UpdateLead`'s input: an absent stage or tag is unchanged; null or blank clears it. */
export const LeadPipelineChangeSchema = Type.Object({
  id: Id(),
  stage: optional(Type.String(), 'At most 64 characters.'),
  tag: optional(Type.String(), 'At most 128 characters.'),
});
export type LeadPipelineChange = Static<typeof LeadPipelineChangeSchema>;

/** The same limits `SubmitTenancyRequest` puts on a lead's stage and tag. */
const STAGE_MAX = 64;
const TAG_MAX = 128;

/**
 * The host's lead pipeline: the sign-up requests of the host's CRM, narrowed by stage, tag and conversion, and
 * moved between stages. Leads hold the contact's personal data, so reading them takes `Tenants.Manage` (the
 * sign-up key's `Leads.Submit` can only add leads, never read them back).
 */
export class LeadPipeline {
  constructor(private readonly data: Data) {}

  async list(caller: Caller, query: LeadPipelineQuery): Promise<{ totalCount: number; items: LeadDto[]; stages: string[]; tags: string[] }> {
    demand(caller, 'Tenants.Manage');
    const blankIsNull = (value: string | undefined) => (value === undefined ? undefined : value.trim() === '' ? null : value.trim());
    return this.data.transaction(async (tx) => {
      const page = await tx.leads.searchPipeline(HOST_TENANT_ID, {
        stage: blankIsNull(query.stage),
        tag: blankIsNull(query.tag),
        converted: query.isConverted,
        text: query.filter,
        skip: query.skipCount,
        take: query.maxResultCount,
      });
      const { stages, tags } = await tx.leads.stagesAndTags(HOST_TENANT_ID);
      return { totalCount: page.total, items: page.rows.map(leadDto), stages, tags };
    });
  }

  /** Sets a lead's stage and tag (absent ones stay, blank ones are cleared); answers the lead as it now is. */
  async update(caller: Caller, change: LeadPipelineChange): Promise<LeadDto> {
    demand(caller, 'Tenants.Manage');
    const problems = new ProblemList();
    const read = (field: 'stage' | 'tag', max: number): string | null | undefined => {
      const value = change[field];
      if (value === undefined) return undefined;
      if (value === null || value.trim() === '') return null;
      return problems.check(field, textProblem(value.trim(), max)) ? value.trim() : undefined;
    };
    const changes = { stage: read('stage', STAGE_MAX), tag: read('tag', TAG_MAX) };
    problems.throwIfAny();
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as { stage?: string | null; tag?: string | null };

    return this.data.transaction(async (tx) => {
      const before = await tx.leads.find(HOST_TENANT_ID, change.id);
      if (!before) throw AppError.notFound(`Lead ${change.id}`);
      if (Object.keys(given).length > 0) {
        const after = (await tx.leads.setStageAndTag(HOST_TENANT_ID, change.id, given))!;
        await recordAudit(tx, caller, {
          tenantId: HOST_TENANT_ID,
          action: 'lead.updated',
          target: `lead:${change.id}`,
          ...changeSummary({ stage: before.stage, tag: before.tag }, { stage: after.stage, tag: after.tag }),
        });
      }
      const { rows } = await tx.leads.searchPipeline(HOST_TENANT_ID, { skip: 0, take: 1, ids: [change.id] });
      return leadDto(rows[0]!);
    });
  }
}

function leadDto(row: PipelineLeadRow): LeadDto {
  return {
    id: row.id,
    leadRequestXref: row.request_xref,
    stage: row.stage,
    tag: row.tag,
    isConverted: row.status === 'converted',
    convertedTenantId: row.converted_tenant_id,
    convertedTime: row.converted_at?.toISOString() ?? null,
    companyName: row.company_name,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    city: row.city,
    state: row.state,
    comments: row.comments,
    sourceCode: row.source_code,
    channelCode: row.channel_code,
    campaignCode: row.campaign_code,
    affiliateCode: row.affiliate_code,
    couponCode: row.coupon_code,
    isHelpNeeded: row.is_help_needed,
    creationTime: row.created_at.toISOString(),
  };
}
