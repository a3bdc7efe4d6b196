import { LeadDtoSchema, LeadPipelineChangeSchema } from '../../../../../services/onboarding/lead-pipeline.js';
import { rpcMethod } from '../../../define.js';

export const updateLead = rpcMethod({
  path: 'CRM/Lead/UpdateLead',
  summary: 'Move a lead in the pipeline: set its stage and tag',
  description: 'Absent fields stay; null or "" clears. Stage and tag follow `SubmitTenancyRequest`’s limits (64 and 128 characters). Audited as `lead.updated`.',
  auth: 'caller',
  input: LeadPipelineChangeSchema,
  output: LeadDtoSchema,
  async handle({ caller, input, services }) {
    return services.leadPipeline.update(caller, input);
  },
});
