import { Type, type Static } from 'typebox';
import type { CouponRow } from '../../data/coupons.js';
import type { Data } from '../../data/index.js';
import { HOST_TENANT_ID, demand, type Caller } from '../../domain/caller.js';
import { COUPON_CODE_PATTERN, type CouponReduction } from '../../domain/catalogue.js';
import { AppError } from '../../domain/errors.js';
import { amountProblem, fromMinorUnits, toMinorUnits } from '../../domain/money.js';
import { ProblemList, given } from '../../domain/problems.js';
import { currencyProblem } from '../../domain/validators.js';
import { MAX_INT4 } from '../../domain/paging.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { Id, optional } from '../contract-fields.js';

export const CouponSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  percentOff: Type.Union([Type.Number(), Type.Null()]),
  amountOff: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  maxRedemptions: Type.Union([Type.Integer(), Type.Null()]),
  redemptionCount: Type.Integer({ description: 'Registrations that used the coupon so far.' }),
});
export type CouponView = Static<typeof CouponSchema>;

/** `CRM/Coupon/CreateCoupon`'s input: every field may be missing or null, so one 400 names every problem. */
export const CouponInputSchema = Type.Object({
  code: optional(Type.String(), 'Required: 1 to 64 letters, digits, "_" or "-".'),
  percentOff: optional(Type.Number(), 'Above 0, at most 100.'),
  amountOff: optional(Type.Number()),
  currency: optional(Type.String(), 'ISO 4217; only with amountOff.'),
  expiresAt: optional(Type.String(), 'ISO 8601 date-time in the future.'),
  maxRedemptions: optional(Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 })),
});
export type CouponInput = Static<typeof CouponInputSchema>;

/** `CRM/Coupon/UpdateCoupon`'s input: a coupon's limits; absent fields stay. */
export const CouponLimitsInputSchema = Type.Object({
  id: Id(),
  expiresAt: optional(Type.String({ maxLength: 40 }), 'ISO 8601 date-time.'),
  maxRedemptions: optional(Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 })),
});
export type CouponLimitsInput = Static<typeof CouponLimitsInputSchema>;

/** Coupons a sign-up can carry: a percentage or a fixed amount off the first invoice. Host-owned. */
export class Coupons {
  constructor(private readonly data: Data) {}

  async create(caller: Caller, input: CouponInput): Promise<CouponView> {
    demand(caller, 'Catalogue.Manage');
    const problems = new ProblemList();
    const code = (input.code ?? '').trim();
    if (!code) problems.add('code', 'The code field is required.');
    else problems.check('code', COUPON_CODE_PATTERN.test(code) ? undefined : 'A coupon code is 1 to 64 letters, digits, "_" or "-".');

    const hasPercent = typeof input.percentOff === 'number';
    const hasAmount = typeof input.amountOff === 'number';
    let percentOffHundredths: number | null = null;
    let amountOffMinor: number | null = null;
    let currency: string | null = null;
    if (hasPercent === hasAmount) {
      problems.add(hasPercent ? 'amountOff' : 'percentOff', 'Give exactly one of percentOff and amountOff (with its currency).');
    } else if (hasPercent) {
      const percent = input.percentOff!;
      // Judged in the hundredths it is stored as: a positive number too small to reach 0.01 is not above 0.
      const hundredths = Math.round(percent * 100);
      if (!(hundredths >= 1 && hundredths <= 10_000) || Math.abs(percent * 100 - hundredths) > 1e-6) {
        problems.add('percentOff', 'percentOff is a percentage above 0 and at most 100, with at most 2 decimal places.');
      } else percentOffHundredths = hundredths;
      if (given(input.currency)) problems.add('currency', 'A percentage coupon has no currency.');
    } else {
      currency = (input.currency ?? '').trim().toUpperCase();
      if (!currency) problems.add('currency', 'An amount coupon needs the currency of its amount.');
      else if (problems.check('currency', currencyProblem(currency))) {
        const amount = input.amountOff!;
        // More than 0 in the minor units it is stored as: 5e-324 is above 0 but is no amount of any currency.
        const problem = amount > 0 ? (amountProblem(amount, currency) ?? (toMinorUnits(amount, currency) >= 1 ? undefined : 'amountOff must be more than 0.')) : 'amountOff must be more than 0.';
        if (problems.check('amountOff', problem)) amountOffMinor = toMinorUnits(amount, currency);
      }
    }

    let expiresAt: Date | null = null;
    if (given(input.expiresAt)) {
      expiresAt = new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(input.expiresAt)) problems.add('expiresAt', 'expiresAt must be an ISO 8601 date-time.');
      else if (expiresAt.getTime() <= Date.now()) problems.add('expiresAt', 'expiresAt must be in the future.');
    }
    const maxRedemptions = input.maxRedemptions ?? null;
    if (maxRedemptions !== null && !(Number.isInteger(maxRedemptions) && maxRedemptions >= 1 && maxRedemptions <= 1_000_000_000)) {
      problems.add('maxRedemptions', 'maxRedemptions must be a whole number of at least 1.');
    }
    problems.throwIfAny();

    return this.data.transaction(async (tx) => {
      const row = await tx.coupons.insert({
        code,
        percent_off_hundredths: percentOffHundredths,
        amount_off_minor: amountOffMinor,
        currency,
        expires_at: expiresAt,
        max_redemptions: maxRedemptions,
      });
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'coupon.created', target: `coupon:${row.id}` });
      return couponView(row);
    });
  }

  /**
   * Changes a coupon's limits: absent stays, null clears (no expiry, no limit; a limit of 0 is no limit too, as
   * earlier clients sent it). An expiry in the past ends the coupon at once. The code and the reduction cannot change:
   * invoices name them.
   */
  async updateLimits(caller: Caller, input: CouponLimitsInput): Promise<CouponView> {
    demand(caller, 'Catalogue.Manage');
    const problems = new ProblemList();
    const limits: { expires_at?: Date | null; max_redemptions?: number | null } = {};
    if (input.expiresAt !== undefined) {
      if (!given(input.expiresAt)) limits.expires_at = null;
      else {
        const at = new Date(input.expiresAt);
        if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(input.expiresAt)) problems.add('expiresAt', 'expiresAt must be an ISO 8601 date-time.');
        else limits.expires_at = at;
      }
    }
    if (input.maxRedemptions !== undefined) {
      const max = input.maxRedemptions;
      if (max === null || max === 0) limits.max_redemptions = null;
      else if (Number.isInteger(max) && max >= 1 && max <= 1_000_000_000) limits.max_redemptions = max;
      else problems.add('maxRedemptions', 'maxRedemptions must be a whole number of at least 1 (0 or null: no limit).');
    }
    problems.throwIfAny();
    return this.data.transaction(async (tx) => {
      const before = await tx.coupons.findForChange(input.id);
      if (!before) throw AppError.notFound(`Coupon ${input.id}`);
      const after = Object.keys(limits).length > 0 ? await tx.coupons.setLimits(input.id, limits) : before;
      await recordAudit(tx, caller, {
        tenantId: HOST_TENANT_ID,
        action: 'coupon.updated',
        target: `coupon:${input.id}`,
        ...changeSummary(
          { expiresAt: before.expires_at?.toISOString() ?? null, maxRedemptions: before.max_redemptions },
          { expiresAt: after.expires_at?.toISOString() ?? null, maxRedemptions: after.max_redemptions },
        ),
      });
      return couponView(after);
    });
  }

  async list(caller: Caller): Promise<CouponView[]> {
    demand(caller, 'Catalogue.Manage');
    return (await this.data.coupons.list()).map(couponView);
  }

  /** Deletes a coupon; one that a lead or an invoice used is kept for the record (its code becomes free). */
  async delete(caller: Caller, id: number): Promise<void> {
    demand(caller, 'Catalogue.Manage');
    await this.data.transaction(async (tx) => {
      if (!(await tx.coupons.findForChange(id))) throw AppError.notFound(`Coupon ${id}`);
      if (await tx.coupons.isReferenced(id)) await tx.coupons.markDeleted(id);
      else await tx.coupons.delete(id);
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'coupon.deleted', target: `coupon:${id}` });
    });
  }
}

export function couponReduction(row: CouponRow): CouponReduction {
  return row.percent_off_hundredths !== null
    ? { percentOffHundredths: row.percent_off_hundredths }
    : { amountOffMinor: row.amount_off_minor!, currency: row.currency! };
}

/** Why a coupon cannot be used now, or undefined when it can. */
export function couponUnusable(row: CouponRow | undefined): string | undefined {
  if (!row) return 'There is no such coupon.';
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) return 'This coupon has expired.';
  if (row.max_redemptions !== null && row.redemption_count >= row.max_redemptions) return 'This coupon has been used up.';
  return undefined;
}

function couponView(row: CouponRow): CouponView {
  return {
    id: row.id,
    code: row.code,
    percentOff: row.percent_off_hundredths === null ? null : row.percent_off_hundredths / 100,
    amountOff: row.amount_off_minor === null ? null : fromMinorUnits(row.amount_off_minor, row.currency!),
    currency: row.currency,
    expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
    maxRedemptions: row.max_redemptions,
    redemptionCount: row.redemption_count,
  };
}
