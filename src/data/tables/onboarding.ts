import type { ColumnType, Generated } from 'kysely';
import type { PaymentPeriodType } from '../../domain/catalogue.js';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = Generated<number>;

export interface ProductTable {
  id: Id;
  name: string;
  description: string | null;
  is_retired: Generated<boolean>;
  created_at: Stamp;
  modified_at: Stamp;
}

export interface ProductPriceTable {
  id: Id;
  product_id: number;
  payment_period_type: PaymentPeriodType;
  currency: string;
  amount_minor: number;
}

export interface CouponTable {
  id: Id;
  code: string;
  percent_off_hundredths: number | null;
  amount_off_minor: number | null;
  currency: string | null;
  expires_at: Date | null;
  max_redemptions: number | null;
  redemption_count: Generated<number>;
  deleted_at: Date | null;
  created_at: Stamp;
}

export interface ContactTable {
  tenant_id: number;
  id: Id;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  phone_ext: string | null;
  website: string | null;
  company_name: string;
  city: string;
  state: string;
  created_at: Stamp;
}

export type LeadStatus = 'submitted' | 'converted';

export interface LeadTable {
  tenant_id: number;
  id: Id;
  request_xref: string;
  contact_id: number;
  status: Generated<LeadStatus>;
  stage: string | null;
  tag: string | null;
  comments: string | null;
  utm_parameters: ColumnType<Record<string, string> | null, string | null, string | null>;
  source_code: string | null;
  channel_code: string | null;
  campaign_code: string | null;
  affiliate_code: string | null;
  coupon_id: number | null;
  coupon_code: string | null;
  currency: string;
  referer_url: string | null;
  entry_url: string | null;
  user_agent: string | null;
  client_ip: string | null;
  is_help_needed: Generated<boolean>;
  submitted_by_user_id: number | null;
  converted_tenant_id: number | null;
  converted_at: Date | null;
  created_at: Stamp;
  /** SHA-256 of the request's parameters as first submitted; see `requestFingerprint`. */
  request_fingerprint: Buffer | null;
  registration_fingerprint: Buffer | null;
}

export interface LeadProductTable {
  tenant_id: number;
  lead_id: number;
  position: number;
  product_id: number;
  payment_period_type: PaymentPeriodType;
  quantity: number;
}

export type SubscriptionStatus = 'pending' | 'active' | 'cancelled';

export interface SubscriptionTable {
  tenant_id: number;
  id: Id;
  product_id: number;
  payment_period_type: PaymentPeriodType;
  quantity: number;
  status: SubscriptionStatus;
  start_date: Stamp;
  amount_minor: number;
  currency: string;
  lead_id: number | null;
  created_at: Stamp;
}

export type InvoiceStatus = 'open' | 'paid' | 'void';

export interface InvoiceTable {
  tenant_id: number;
  id: Id;
  public_id: string;
  status: InvoiceStatus;
  currency: string;
  subtotal_minor: number;
  discount_minor: Generated<number>;
  total_minor: number;
  coupon_id: number | null;
  coupon_code: string | null;
  lead_id: number | null;
  stripe_session_id: string | null;
  stripe_checkout_url: string | null;
  created_at: Stamp;
  modified_at: Stamp;
}

export interface InvoiceLineTable {
  tenant_id: number;
  invoice_id: number;
  position: number;
  product_id: number;
  subscription_id: number | null;
  description: string;
  payment_period_type: PaymentPeriodType;
  quantity: number;
  unit_amount_minor: number;
  amount_minor: number;
}

export interface InvoicePublicIdTable {
  public_id: string;
  tenant_id: number;
  invoice_id: number;
}

export interface OnboardingTables {
  products: ProductTable;
  product_prices: ProductPriceTable;
  coupons: CouponTable;
  contacts: ContactTable;
  leads: LeadTable;
  lead_products: LeadProductTable;
  subscriptions: SubscriptionTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  invoice_public_ids: InvoicePublicIdTable;
}
