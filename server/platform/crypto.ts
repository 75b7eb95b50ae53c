import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export interface EncryptedValue {
  /** Format version, so keys and algorithms can rotate. */
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), `aurora:${purpose}`, 32));
}

/**
 * Field encryption (AES-256-GCM) for customer emails and phones, plus a keyed hash (HMAC-SHA256)
 * so the encrypted value can still be looked up by equality.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(encryptionKey: string) {
    this.encKey = deriveKey(encryptionKey, "field-encryption");
    this.hashKey = deriveKey(encryptionKey, "lookup-hash");
  }

  encrypt(plain: string): EncryptedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encKey, iv);
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return { v: 1, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
  }

  decrypt(value: EncryptedValue): string {
    const decipher = createDecipheriv("aes-256-gcm", this.encKey, Buffer.from(value.iv, "base64"));
    decipher.setAuthTag(Buffer.from(value.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(value.data, "base64")), decipher.final()]).toString("utf8");
  }

  /** Keyed hash of a normalised value (emails are case-insensitive). */
  lookupHash(kind: "email" | "phone", value: string): string {
    const normalised = kind === "email" ? value.trim().toLowerCase() : value.replace(/[^\d+]/g, "");
    return createHmac("sha256", this.hashKey).update(`${kind}:${normalised}`).digest("base64url");
  }
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
