import type { ApiKeyRow } from '../../data/api-keys.js';
import type { ContactRow, LeadRow } from '../../data/leads.js';
import type { SubscriptionRow } from '../../data/subscriptions.js';
import type { TenantRow } from '../../data/tenants.js';
import type { UserRow } from '../../data/users.js';
import { fromMinorUnits } from '../../domain/money.js';

/**
 * The data of each event, built from the rows the change wrote. docs/events.md documents every field; a field
 * once published is not renamed (receivers were written against it).
 */

/** `User.CreatedOrUpdated`: an array of users, in the original platform's field names. */
export function userEventData(user: UserRow, extra: { contactId?: number | null; affiliateCode?: string | null } = {}) {
  return [
    {
      userId: user.id,
      tenantId: user.tenant_id,
      userName: user.user_name,
      firstName: user.name,
      lastName: user.surname,
      emailAddress: user.email,
      phoneNumber: user.phone,
      isActive: user.is_active,
      isDeleted: user.deleted_at !== null,
      contactId: extra.contactId ?? null,
      affiliateCode: extra.affiliateCode ?? null,
      creationTime: user.created_at.toISOString(),
    },
  ];
}

export function tenantEventData(tenant: TenantRow) {
  return {
    tenantId: tenant.id,
    tenancyName: tenant.tenancy_name,
    name: tenant.name,
    companyName: tenant.company_name,
    isActive: tenant.is_active,
    isDeleted: tenant.deleted_at !== null,
  };
}

export function leadEventData(lead: LeadRow, contact: ContactRow) {
  return {
    leadId: lead.id,
    leadRequestXref: lead.request_xref,
    contactId: contact.id,
    firstName: contact.first_name,
    lastName: contact.last_name,
    emailAddress: contact.email,
    phone: contact.phone,
    companyName: contact.company_name,
    city: contact.city,
    state: contact.state,
    website: contact.website,
    stage: lead.stage,
    tag: lead.tag,
    sourceCode: lead.source_code,
    channelCode: lead.channel_code,
    campaignCode: lead.campaign_code,
    affiliateCode: lead.affiliate_code,
    couponCode: lead.coupon_code,
    currency: lead.currency,
    creationTime: lead.created_at.toISOString(),
  };
}

/** `Subscription.CreatedOrUpdated`: one subscribed product of a tenant. */
export function subscriptionEventData(subscription: SubscriptionRow) {
  return {
    subscriptionId: subscription.id,
    tenantId: subscription.tenant_id,
    productId: subscription.product_id,
    paymentPeriodType: subscription.payment_period_type,
    quantity: subscription.quantity,
    status: subscription.status,
    amount: fromMinorUnits(subscription.amount_minor, subscription.currency),
    currency: subscription.currency,
    startDate: subscription.start_date.toISOString(),
  };
}

/** `ApiKey.Created` and `ApiKey.Revoked`: which key, never the key itself. */
export function apiKeyEventData(key: Pick<ApiKeyRow, 'id' | 'tenant_id' | 'user_id' | 'name' | 'prefix' | 'expires_at'>, userName: string) {
  return {
    apiKeyId: key.id,
    tenantId: key.tenant_id,
    userId: key.user_id,
    userName,
    name: key.name,
    prefix: key.prefix,
    expirationDate: key.expires_at.toISOString(),
  };
}
