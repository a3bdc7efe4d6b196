import { Type } from 'typebox';
import { LeadDtoSchema, LeadPipelineQuerySchema } from '../../../../../services/onboarding/lead-pipeline.js';
import { rpcMethod } from '../../../define.js';

export const getLeads = rpcMethod({
  path: 'CRM/Lead/GetLeads',
  summary: 'The host’s lead pipeline: sign-up requests with their stage, tag and whether they became a tenant, newest first',
  description:
    '`stage` and `tag` match exactly ("" asks for leads without one); `isConverted` narrows to leads whose registration was, or was not, ' +
    'completed; `filter` matches, ignoring case, anywhere in the company, the contact’s name or e-mail. The answer also lists every ' +
    '`stages` and `tags` value in use, for pickers. Leads hold personal data: reading them takes `Tenants.Manage`, not the sign-up key’s `Leads.Submit`.',
  auth: 'caller',
  input: LeadPipelineQuerySchema,
  output: Type.Object({
    totalCount: Type.Integer(),
    items: Type.Array(LeadDtoSchema),
    stages: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
  }),
  async handle({ caller, input, services }) {
    return services.leadPipeline.list(caller, input);
  },
});
