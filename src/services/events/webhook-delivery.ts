import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookConfig } from '../../config.js';
import type { Data } from '../../data/index.js';
import type { ClaimedMessage } from '../../data/outbox.js';
import { deliveryBody, type WebhookMessage } from '../../domain/events.js';
import { isPrivateAddress } from '../../domain/network-addresses.js';
import type { ServiceLog } from '../log.js';
import { PermanentDeliveryError } from '../outbox/dispatcher.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';
import type { SubscriptionSecrets } from './subscription-secrets.js';

const MAX_LOGGED_ERROR = 500;

interface Outcome {
  statusCode: number | null;
  error: string | null;
}

/**
 * Delivers outbox messages of topic `webhook`: one signed HTTP POST of one event to one subscription, every
 * attempt written to the delivery log. A 2xx answer is a delivery; anything else (a redirect is not followed,
 * an error status, a timeout, a refused connection) is a failure the outbox retries with back-off and gives up
 * after OUTBOX_MAX_ATTEMPTS. Runs in the outbox dispatcher, never on a request's path.
 */
export class WebhookDelivery {
  constructor(
    private readonly data: Data,
    private readonly secrets: SubscriptionSecrets,
    private readonly config: WebhookConfig,
    private readonly log: ServiceLog,
  ) {}

  readonly deliver = async (message: ClaimedMessage, signal: AbortSignal): Promise<void> => {
    const { subscriptionId, event } = message.payload as WebhookMessage;
    const subscription = await this.data.eventSubscriptions.find(message.tenantId, subscriptionId);
    if (!subscription) throw new PermanentDeliveryError('The subscription no longer exists.');
    const body = JSON.stringify(deliveryBody(event));
    const secret = this.secrets.open(subscription.secret_ciphertext);
    const startedAt = new Date();
    const outcome = await this.post(subscription.target_url, body, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Tenantry-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(startedAt.getTime() / 1000), body),
      'Tenantry-Event-Id': event.id,
      'Tenantry-Event-Type': event.type,
      'Tenantry-Delivery-Attempt': String(message.attempts),
    }, signal);
    await this.record(message, event, subscriptionId, startedAt, outcome);
    if (outcome.error !== null) throw new Error(outcome.error);
  };

  private async record(message: ClaimedMessage, event: WebhookMessage['event'], subscriptionId: number, startedAt: Date, outcome: Outcome): Promise<void> {
    try {
      await this.data.eventExecutions.append({
        tenant_id: message.tenantId,
        subscription_id: subscriptionId,
        outbox_id: message.id,
        event_id: event.id,
        event_name: event.type,
        attempt: message.attempts,
        started_at: startedAt,
        duration_ms: Date.now() - startedAt.getTime(),
        status_code: outcome.statusCode,
        succeeded: outcome.error === null,
        error: outcome.error?.slice(0, MAX_LOGGED_ERROR) ?? null,
      });
    } catch (error) {
      // The subscription was ended during the attempt (its log went with it): nothing is left to record.
      this.log.warn({ err: error, subscriptionId, tenantId: message.tenantId }, 'a webhook attempt could not be logged');
    }
  }

  /** One POST; resolves with the outcome, never rejects. */
  private post(target: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<Outcome> {
    const url = new URL(target);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // An address in the URL is never looked up, so the lookup below cannot refuse it.
    if (!this.config.allowPrivateTargets && isIP(literal) && isPrivateAddress(literal)) {
      return Promise.resolve({ statusCode: null, error: `The target is ${literal}, which webhooks may not reach.` });
    }
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: this.config.timeoutMs,
      signal,
      ...(this.config.allowPrivateTargets ? {} : { lookup: publicOnlyLookup }),
    };
    return new Promise((resolve) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => resolve({ statusCode: status, error: failureOf(status) }));
        response.on('error', (error) => resolve({ statusCode: status, error: `The answer broke off: ${error.message}` }));
      });
      request.on('timeout', () => request.destroy(new Error(`No answer within ${this.config.timeoutMs} ms.`)));
      request.on('error', (error) => resolve({ statusCode: null, error: error.message || String(error) }));
      request.end(body);
    });
  }
}

function failureOf(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return `The receiver answered ${status} (a redirect, which is not followed).`;
  return `The receiver answered ${status}.`;
}

/**
 * Resolves like the system does, then refuses private, loopback and link-local addresses: checked at connect
 * time, so a name that pointed elsewhere when the subscription was made cannot lead into the service's network.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const refused = list.find((a) => isPrivateAddress(a.address));
    if (refused || list.length === 0) {
      return callback(Object.assign(new Error(`The target resolves to ${refused?.address ?? 'no address'}, which webhooks may not reach.`), { code: 'EPRIVATE' }), '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};
