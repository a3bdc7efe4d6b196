/**
 * Money in the product's own terms. Amounts are stored and added up as whole minor units of their currency
 * (cents; ISO 4217's exponent, so JPY has none and BHD three), which keeps every sum exact; the API speaks
 * decimal numbers (`19.99`).
 */

/** The largest amount accepted anywhere (a price, a coupon): far above any real price, far below 2^53 minor units. */
export const MAX_AMOUNT = 99_999_999;

const exponents = new Map<string, number>();

/** Digits after the decimal point of the currency (ISO 4217 minor unit): USD 2, JPY 0, BHD 3. */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** Answers what is wrong with an amount in that currency (negative, too large, too precise), or undefined. */
export function amountProblem(amount: number, currency: string): string | undefined {
  if (!Number.isFinite(amount) || amount < 0) return 'An amount must be zero or more.';
  if (amount > MAX_AMOUNT) return `An amount must be at most ${MAX_AMOUNT}.`;
  const exponent = currencyExponent(currency);
  const scaled = amount * 10 ** exponent;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
    return exponent === 0 ? `${currency} amounts have no decimal places.` : `${currency} amounts have at most ${exponent} decimal places.`;
  }
  return undefined;
}

/** `19.99` USD → 1999. The amount must have passed `amountProblem`. */
export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyExponent(currency));
}

/** 1999 USD → `19.99`. */
export function fromMinorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

/** `1999` USD → `"19.99"`, for pages and e-mails. */
export function formatMinorUnits(minor: number, currency: string): string {
  return `${(minor / 10 ** currencyExponent(currency)).toFixed(currencyExponent(currency))} ${currency}`;
}
