import { Type } from 'typebox';

export const TenantConfigurationSchema = Type.Object({
  enableTenantSubDomains: Type.Boolean({ description: 'Take `service_portal_sub_domain` into account when tenants are created or changed over REST' }),
  restStrictCompatibility: Type.Boolean({ description: 'REST JSON lists with one record answer an object instead of an array (AgileApps quirk)' }),
});
