/** Payment periods a product can be priced and subscribed for, as Upgrade.chat names them. */
export const paymentPeriodTypes = ['Monthly', 'Annual'] as const;

export type PaymentPeriodType = (typeof paymentPeriodTypes)[number];

export function isPaymentPeriodType(value: string): value is PaymentPeriodType {
  return (paymentPeriodTypes as readonly string[]).includes(value);
}

/** A coupon's code: what a customer types, so letters, digits, `_` and `-`; unique ignoring case. */
export const COUPON_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A coupon's reduction: a percentage (in hundredths of a percent, so 12.5% is 1250) or a fixed amount. */
export type CouponReduction = { percentOffHundredths: number } | { amountOffMinor: number; currency: string };

/**
 * The discount a coupon gives on a subtotal (minor units): a percentage rounded half up to the minor unit,
 * or the fixed amount, never more than the subtotal.
 */
export function couponDiscount(reduction: CouponReduction, subtotalMinor: number): number {
  const discount =
    'percentOffHundredths' in reduction ? Math.round((subtotalMinor * reduction.percentOffHundredths) / 10_000) : reduction.amountOffMinor;
  return Math.min(discount, subtotalMinor);
}
