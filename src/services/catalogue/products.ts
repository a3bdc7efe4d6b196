import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { NewPrice, ProductWithPrices } from '../../data/products.js';
import { HOST_TENANT_ID, can, demand, type Caller } from '../../domain/caller.js';
import { isPaymentPeriodType, paymentPeriodTypes, type PaymentPeriodType } from '../../domain/catalogue.js';
import { AppError } from '../../domain/errors.js';
import { amountProblem, fromMinorUnits, toMinorUnits } from '../../domain/money.js';
import { ProblemList, given } from '../../domain/problems.js';
import { currencyProblem, textProblem } from '../../domain/validators.js';
import { recordAudit } from '../audit/record-audit.js';
import { Id, optional } from '../contract-fields.js';

export const PriceSchema = Type.Object({
  id: Type.Integer(),
  paymentPeriodType: Type.Union([Type.Literal('Monthly'), Type.Literal('Annual')]),
  amount: Type.Number({ description: 'In the currency, e.g. 19.99' }),
  currency: Type.String({ description: 'ISO 4217' }),
});
export type PriceView = Static<typeof PriceSchema>;

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  prices: Type.Array(PriceSchema),
  isRetired: Type.Boolean({ description: 'A retired product is kept for the leads, subscriptions and invoices that name it, and cannot be requested.' }),
});
export type ProductView = Static<typeof ProductSchema>;

const productInputFields = {
  name: optional(Type.String(), 'Required, at most 128 characters.'),
  description: optional(Type.String(), 'At most 2000 characters.'),
  prices: optional(
    Type.Array(
      Type.Object({
        paymentPeriodType: optional(Type.String(), 'Required: "Monthly" or "Annual".'),
        amount: optional(Type.Number(), 'Required: zero or more, with at most the currency’s decimal places (2 for USD, 0 for JPY).'),
        currency: optional(Type.String(), 'Required: ISO 4217 code.'),
      }),
    ),
    'At least one; at most one per payment period and currency.',
  ),
};

/** `CRM/Product/CreateProduct`'s input: every field may be missing or null, so one 400 names every problem. */
export const ProductInputSchema = Type.Object(productInputFields);
export type ProductInput = Static<typeof ProductInputSchema>;

/** `CRM/Product/UpdateProduct`'s input: the product's whole new state; `isRetired` absent: as it is. */
export const ProductChangeSchema = Type.Object({ id: Id(), ...productInputFields, isRetired: Type.Optional(Type.Boolean()) });
export type ProductChange = Static<typeof ProductChangeSchema>;

/** `CRM/Product/GetProducts`' input; retired products are left out unless asked for. */
export const ProductListQuerySchema = Type.Object({ includeRetired: Type.Optional(Type.Boolean()) });
export type ProductListQuery = Static<typeof ProductListQuerySchema>;

/**
 * The product catalogue: host-owned products with a price per payment period and currency. A product that
 * a lead, subscription or invoice names is retired rather than deleted, so those records keep their meaning.
 */
export class ProductCatalogue {
  constructor(private readonly data: Data) {}

  async create(caller: Caller, input: ProductInput): Promise<ProductView> {
    demand(caller, 'Catalogue.Manage');
    const product = validateProduct(input);
    return this.data.transaction(async (tx) => {
      const row = await tx.products.insert({ name: product.name, description: product.description }, product.prices);
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'product.created', target: `product:${row.id}` });
      return productView(row);
    });
  }

  /**
   * The catalogue; retired products only when asked. Readable by catalogue managers and by sign-up forms
   * (`Leads.Submit`), which show the products and prices a customer can ask for.
   */
  async list(caller: Caller, options: ProductListQuery): Promise<ProductView[]> {
    if (!can(caller, 'Leads.Submit')) demand(caller, 'Catalogue.Manage');
    const rows = await this.data.products.list({ includeRetired: options.includeRetired ?? false });
    return rows.map(productView);
  }

  /** Replaces the product's name, description and prices (PUT); `isRetired` retires or reinstates it. */
  async update(caller: Caller, id: number, input: Omit<ProductChange, 'id'>): Promise<ProductView> {
    demand(caller, 'Catalogue.Manage');
    const product = validateProduct(input);
    return this.data.transaction(async (tx) => {
      if (!(await tx.products.findForChange(id))) throw AppError.notFound(`Product ${id}`);
      await tx.products.update(id, {
        name: product.name,
        description: product.description,
        ...(typeof input.isRetired === 'boolean' ? { is_retired: input.isRetired } : {}),
      });
      await tx.products.replacePrices(id, product.prices);
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'product.updated', target: `product:${id}` });
      return productView((await tx.products.find(id))!);
    });
  }

  /** Deletes an unused product; retires one that is in use. Answers which of the two happened. */
  async delete(caller: Caller, id: number): Promise<{ retired: boolean }> {
    demand(caller, 'Catalogue.Manage');
    return this.data.transaction(async (tx) => {
      if (!(await tx.products.findForChange(id))) throw AppError.notFound(`Product ${id}`);
      const retired = await tx.products.isReferenced(id);
      if (retired) await tx.products.update(id, { is_retired: true });
      else await tx.products.delete(id);
      await recordAudit(tx, caller, {
        tenantId: HOST_TENANT_ID,
        action: retired ? 'product.retired' : 'product.deleted',
        target: `product:${id}`,
      });
      return { retired };
    });
  }
}

export function productView(row: ProductWithPrices): ProductView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    prices: row.prices.map((p) => ({
      id: p.id,
      paymentPeriodType: p.payment_period_type,
      amount: fromMinorUnits(p.amount_minor, p.currency),
      currency: p.currency,
    })),
    isRetired: row.is_retired,
  };
}

function validateProduct(input: ProductInput): { name: string; description: string | null; prices: NewPrice[] } {
  const problems = new ProblemList();
  if (!given(input.name)) problems.add('name', 'The name field is required.');
  else problems.check('name', textProblem(input.name, 128));
  if (given(input.description)) problems.check('description', textProblem(input.description, 2000));
  const prices: NewPrice[] = [];
  if (!input.prices || input.prices.length === 0) problems.add('prices', 'A product needs at least one price.');
  const seen = new Set<string>();
  (input.prices ?? []).forEach((price, i) => {
    const period = price.paymentPeriodType ?? '';
    const currency = (price.currency ?? '').trim().toUpperCase();
    const periodOk = problems.check(`prices[${i}].paymentPeriodType`, isPaymentPeriodType(period) ? undefined : `The payment period must be one of ${paymentPeriodTypes.join(', ')}.`);
    const currencyOk = problems.check(`prices[${i}].currency`, currencyProblem(currency));
    if (typeof price.amount !== 'number') problems.add(`prices[${i}].amount`, 'The amount field is required.');
    else if (currencyOk) problems.check(`prices[${i}].amount`, amountProblem(price.amount, currency));
    if (!periodOk || !currencyOk || typeof price.amount !== 'number') return;
    if (seen.has(`${period}:${currency}`)) {
      problems.add(`prices[${i}].paymentPeriodType`, `The product already has a ${period} price in ${currency}.`);
      return;
    }
    seen.add(`${period}:${currency}`);
    prices.push({ paymentPeriodType: period as PaymentPeriodType, currency, amountMinor: toMinorUnits(price.amount, currency) });
  });
  problems.throwIfAny();
  return { name: input.name!, description: given(input.description) ? input.description : null, prices };
}
