import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * TOTP secrets at rest: AES-256-GCM under a key of the deployment's own (`host_settings.two_factor_key`, made on
 * the first start). The secret must be read back to check codes, so it cannot be hashed; encrypting it keeps it out
 * of anything that carries the table's rows without that key — an export, a query log, a leaked row, a backup of
 * the one table. Layout: 12-byte nonce, 16-byte tag, ciphertext. The user and tenant are the associated data,
 * so a row copied onto another user does not decrypt.
 */
export class TwoFactorSecrets {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(`two-factor-secret:${keyMaterial}`).digest();
  }

  seal(secret: string, owner: { tenantId: number; userId: number }): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce).setAAD(ownerBytes(owner));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), sealed]);
  }

  open(sealed: Buffer, owner: { tenantId: number; userId: number }): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12)).setAAD(ownerBytes(owner));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}

function ownerBytes(owner: { tenantId: number; userId: number }): Buffer {
  return Buffer.from(`${owner.tenantId}:${owner.userId}`);
}
