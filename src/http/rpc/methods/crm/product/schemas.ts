import { Type } from 'typebox';
import { optional, orNull } from '../../../nullable.js';

export const PriceSchema = Type.Object({
  id: Type.Integer(),
  paymentPeriodType: Type.Union([Type.Literal('Monthly'), Type.Literal('Annual')]),
  amount: Type.Number({ description: 'In the currency, e.g. 19.99' }),
  currency: Type.String({ description: 'ISO 4217' }),
});

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: orNull(Type.String()),
  prices: Type.Array(PriceSchema),
  isRetired: Type.Boolean({ description: 'A retired product is kept for the leads, subscriptions and invoices that name it, and cannot be requested.' }),
});

export const productInputFields = {
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
