import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../../domain/errors.js';
import { isPrivateAddress } from '../../domain/network-addresses.js';

const MAX_URL_LENGTH = 2048;

/**
 * A webhook target: an absolute http(s) URL without credentials. Unless private targets are allowed, its host
 * must resolve only to public addresses — a webhook must not become a way into the service's own network.
 * Delivery checks the addresses again when it connects (see webhook-delivery.ts), as DNS may change since.
 */
export async function checkTargetUrl(raw: string, options: { allowPrivate: boolean }): Promise<string> {
  const url = parseTargetUrl(raw);
  if (!options.allowPrivate) {
    const addresses = await resolve(url.hostname);
    if (addresses.length === 0) throw AppError.field('targetUrl', `The host "${url.hostname}" of targetUrl cannot be resolved.`);
    if (addresses.some(isPrivateAddress)) {
      throw AppError.field('targetUrl', 'targetUrl points at a private, loopback or link-local address, which webhooks may not reach.');
    }
  }
  return url.toString();
}

function parseTargetUrl(raw: string): URL {
  const text = raw.trim();
  if (text.length === 0) throw AppError.field('targetUrl', 'targetUrl is required.');
  if (text.length > MAX_URL_LENGTH) throw AppError.field('targetUrl', `targetUrl may be at most ${MAX_URL_LENGTH} characters long.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw AppError.field('targetUrl', 'targetUrl must be an absolute http or https URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw AppError.field('targetUrl', 'targetUrl must be an http or https URL.');
  if (url.username || url.password) throw AppError.field('targetUrl', 'targetUrl may not carry a user name or password.');
  return url;
}

async function resolve(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  try {
    return (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return [];
  }
}
