import { randomUUID } from 'node:crypto';
import type { CouponRow } from '../../data/coupons.js';
import type { Data, Queries } from '../../data/index.js';
import type { LeadRow } from '../../data/leads.js';
import type { ProductPriceRow } from '../../data/products.js';
import { HOST_TENANT_ID, demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { ProblemList } from '../../domain/problems.js';
import { couponUnusable } from '../catalogue/coupons.js';
import { emitEvent } from '../events/emit.js';
import { leadEventData } from '../events/payloads.js';
import { fingerprintOf, sameFingerprint } from '../../domain/fingerprint.js';
import { readTenancyRequest, type RequestedProduct, type TenancyRequest, type TenancyRequestInput } from './tenancy-request.js';
import { recordAudit } from '../audit/record-audit.js';

export interface SubmittedLead {
  leadRequestXref: string;
  contactId: number;
}

/** Thrown inside the transaction when a concurrent call with the same xref created the lead first. */
class LeadAlreadyKnown extends Error {}

/**
 * `CRM/Lead/SubmitTenancyRequest`: stores a sign-up request (a contact and a lead of the host's CRM) for
 * `CompleteTenantRegistration` to turn into a tenant. A client-supplied `leadRequestXref` makes the call
 * idempotent: the same xref with the same parameters answers the same lead and creates nothing, concurrent calls
 * included (a unique key); the same xref with other parameters is a 409, as Stripe and the IETF
 * `Idempotency-Key` draft answer a key reused for another request.
 */
export class LeadSubmission {
  constructor(private readonly data: Data) {}

  async submit(caller: Caller, input: TenancyRequestInput): Promise<SubmittedLead> {
    demand(caller, 'Leads.Submit');
    const problems = new ProblemList();
    const request = readTenancyRequest(input, problems);
    const xref = request.leadRequestXref ?? randomUUID();
    const fingerprint = fingerprintOf(request);
    try {
      return await this.data.transaction(async (tx) => {
        if (problems.isEmpty && request.leadRequestXref) {
          const known = await tx.leads.findByXref(HOST_TENANT_ID, xref);
          if (known) return replay(known, fingerprint);
        }
        const coupon = request.couponCode ? await tx.coupons.findByCode(request.couponCode) : undefined;
        if (request.couponCode) problems.check('couponCode', couponUnusable(coupon));
        const priced = await priceProducts(tx, request.products, coupon, problems);
        if (coupon?.currency && priced.currency && coupon.currency !== priced.currency) {
          problems.add('couponCode', `This coupon is worth an amount in ${coupon.currency}; the products are priced in ${priced.currency}.`);
        }
        problems.throwIfAny();
        return answer(await this.store(tx, caller, request, xref, fingerprint, coupon, priced.currency!));
      });
    } catch (error) {
      if (!(error instanceof LeadAlreadyKnown)) throw error;
      return replay((await this.data.leads.findByXref(HOST_TENANT_ID, xref))!, fingerprint);
    }
  }

  private async store(
    tx: Queries,
    caller: Caller,
    request: TenancyRequest,
    xref: string,
    fingerprint: Buffer,
    coupon: CouponRow | undefined,
    currency: string,
  ): Promise<LeadRow> {
    const contact = await tx.leads.insertContact(HOST_TENANT_ID, {
      first_name: request.firstName,
      last_name: request.lastName,
      email: request.email,
      phone: request.phone,
      phone_ext: request.phoneExt,
      website: request.website,
      company_name: request.companyName,
      city: request.city,
      state: request.state,
    });
    const lead = await tx.leads.insertUnlessKnown(
      HOST_TENANT_ID,
      {
        request_xref: xref,
        request_fingerprint: fingerprint,
        contact_id: contact.id,
        stage: request.stage,
        tag: request.tag,
        comments: request.comments,
        utm_parameters: request.utmParameter ? JSON.stringify(request.utmParameter) : null,
        source_code: request.sourceCode,
        channel_code: request.channelCode,
        campaign_code: request.campaignCode,
        affiliate_code: request.affiliateCode,
        coupon_id: coupon?.id ?? null,
        coupon_code: coupon?.code ?? null,
        currency,
        referer_url: request.refererUrl,
        entry_url: request.entryUrl,
        user_agent: request.userAgent ?? caller.from.userAgent,
        client_ip: request.clientIp ?? caller.from.clientIp,
        is_help_needed: request.isHelpNeeded,
        submitted_by_user_id: caller.userId,
      },
      request.products.map((p) => ({ product_id: p.productId, payment_period_type: p.paymentPeriodType, quantity: p.quantity })),
    );
    if (!lead) throw new LeadAlreadyKnown();
    await emitEvent(tx, { tenantId: HOST_TENANT_ID, type: 'LeadCreated', data: leadEventData(lead, contact) });
    await recordAudit(tx, caller, {
      tenantId: HOST_TENANT_ID,
      action: 'lead.submitted',
      target: `lead:${lead.id}`,
      details: { requestXref: xref, contactId: contact.id, companyName: request.companyName },
    });
    return lead;
  }
}

function answer(lead: LeadRow): SubmittedLead {
  return { leadRequestXref: lead.request_xref, contactId: lead.contact_id };
}

/** A repeat of a known xref: the first answer for the same parameters, a conflict for others. */
function replay(lead: LeadRow, fingerprint: Buffer): SubmittedLead {
  if (lead.request_fingerprint && !sameFingerprint(lead.request_fingerprint, fingerprint)) {
    throw AppError.conflict(
      'This leadRequestXref was already used for a tenancy request with other parameters; send a new leadRequestXref for a new request.',
      [{ field: 'leadRequestXref', message: 'This leadRequestXref was already used with other parameters.' }],
    );
  }
  return answer(lead);
}


/**
 * Checks each requested product against the catalogue (it exists, is not retired, has a price for its
 * period) and settles the one currency the request will be invoiced in: the currency every product has a
 * price in; when several qualify, an amount coupon's currency, else the host's default currency.
 */
async function priceProducts(
  tx: Queries,
  requested: RequestedProduct[],
  coupon: CouponRow | undefined,
  problems: ProblemList,
): Promise<{ currency: string | undefined }> {
  const products = new Map((await tx.products.findForUse(requested.map((r) => r.productId))).map((p) => [p.id, p]));
  const candidates: { line: RequestedProduct; prices: ProductPriceRow[] }[] = [];
  for (const line of requested) {
    const field = (name: string) => `products[${line.index}].${name}`;
    const product = products.get(line.productId);
    if (!product) {
      problems.add(field('productId'), `There is no product ${line.productId}.`);
      continue;
    }
    if (product.is_retired) {
      problems.add(field('productId'), `The product "${product.name}" is no longer offered.`);
      continue;
    }
    const forPeriod = product.prices.filter((p) => p.payment_period_type === line.paymentPeriodType);
    if (line.priceOptionId !== null) {
      const chosen = forPeriod.find((p) => p.id === line.priceOptionId);
      if (chosen) candidates.push({ line, prices: [chosen] });
      else problems.add(field('priceOptionId'), `The product "${product.name}" has no ${line.paymentPeriodType} price ${line.priceOptionId}.`);
    } else if (forPeriod.length === 0) {
      problems.add(field('paymentPeriodType'), `The product "${product.name}" has no ${line.paymentPeriodType} price.`);
    } else {
      candidates.push({ line, prices: forPeriod });
    }
  }
  if (candidates.length === 0) return { currency: undefined };

  let common = new Set(candidates[0]!.prices.map((p) => p.currency));
  for (const { prices } of candidates.slice(1)) common = new Set(prices.map((p) => p.currency).filter((c) => common.has(c)));
  if (common.size === 0) {
    problems.add('products', 'The products have no currency in common: one request is invoiced in one currency.');
    return { currency: undefined };
  }
  if (common.size === 1) return { currency: [...common][0] };
  if (coupon?.currency && common.has(coupon.currency)) return { currency: coupon.currency };
  const hostCurrency = (await tx.settings.find(HOST_TENANT_ID))?.currency;
  if (hostCurrency && common.has(hostCurrency)) return { currency: hostCurrency };
  const ambiguous = candidates.find((c) => c.prices.length > 1)!;
  problems.add(`products[${ambiguous.line.index}].priceOptionId`, 'This product is priced in several currencies: choose one of its prices with priceOptionId.');
  return { currency: undefined };
}
