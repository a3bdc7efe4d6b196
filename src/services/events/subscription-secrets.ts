import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/**
 * Signing secrets of webhook subscriptions. A receiver checks our HMAC with the secret, so we must be able to
 * read it back: it cannot be stored as a hash. It is kept encrypted (AES-256-GCM) under a key that lives apart
 * from the subscriptions (`webhook_secret_key` in host settings), so a copy of the subscriptions alone is not
 * enough to forge deliveries. The secret itself is shown once, when made or rotated.
 */
export class SubscriptionSecrets {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(`tenantry webhook secrets\0${keyMaterial}`).digest();
  }

  /** A new random signing secret, `whsec_` and 32 random bytes in base64url. */
  generate(): string {
    return SECRET_PREFIX + randomBytes(32).toString('base64url');
  }

  seal(secret: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
