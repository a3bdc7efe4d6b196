/** A request to collect an invoice's payment through a hosted checkout page (Stripe Checkout). */
export interface CheckoutRequest {
  tenantId: number;
  publicInvoiceId: string;
  /** ISO 4217, upper case. */
  currency: string;
  lines: { description: string; unitAmountMinor: number; quantity: number }[];
  /** Discount already applied to the total, in minor units (0 when none). */
  discountMinor: number;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  /** The tenant's connected Stripe account, when payments go to it. */
  connectedAccountId?: string | null;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

/** The payment provider seam: the real Stripe client, or no hosted checkout when none is configured. */
export interface PaymentCheckout {
  /**
   * Answers null when no payment provider is configured, when the invoice has nothing to pay, or when the
   * provider failed (the implementation logs why): the caller goes on without a pay URL. Never throws.
   */
  createSession(request: CheckoutRequest): Promise<CheckoutSession | null>;
}

/** Without STRIPE_SECRET_KEY there is no hosted checkout: invoices are paid outside the product. */
export const noPaymentCheckout: PaymentCheckout = {
  async createSession() {
    return null;
  },
};
