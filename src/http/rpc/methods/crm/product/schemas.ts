import { Type } from 'typebox';
import { optional } from '../../../nullable.js';


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
