import { toApiError } from './errors';
import type { operations } from './schema';

/** The shapes are the onboarding methods' own: the server's /signup routes forward them unchanged. */
export type TenancyRequest = NonNullable<operations['CRM.Lead.SubmitTenancyRequest']['requestBody']>['content']['application/json'];
export type Registration = NonNullable<operations['Platform.TenantSubscription.CompleteTenantRegistration']['requestBody']>['content']['application/json'];
export type RegistrationAnswer = operations['Platform.TenantSubscription.CompleteTenantRegistration']['responses'][200]['content']['application/json'];
export type Catalogue = operations['CRM.Product.GetProducts']['responses'][200]['content']['application/json'];

async function call<T>(method: 'GET' | 'POST', url: string, body?: object): Promise<T> {
  const answer = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).catch(() => null);
  if (!answer) throw toApiError(0, null);
  const json: unknown = await answer.json().catch(() => null);
  if (!answer.ok) throw toApiError(answer.status, json);
  return json as T;
}

export const loadCatalogue = () => call<Catalogue>('GET', '/signup/catalogue');
export const submitRequest = (request: TenancyRequest & { faxNumber: string }) =>
  call<{ leadRequestXref: string; contactId: number }>('POST', '/signup/request', request);
export const completeRegistration = (registration: Registration & { faxNumber: string }) =>
  call<RegistrationAnswer>('POST', '/signup/complete', registration);
