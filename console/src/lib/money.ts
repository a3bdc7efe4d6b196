/** An amount in its currency as a person reads it ("$19.99", "¥2,500"), in the browser's language. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "per month" / "per year" for a payment period. */
export function periodWords(period: string): string {
  return period === 'Annual' ? 'per year' : period === 'Monthly' ? 'per month' : period;
}

/** A date-time of the API as a short UTC date ("2026-12-07"). */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}
