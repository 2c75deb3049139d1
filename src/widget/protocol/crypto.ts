import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { WidgetProtocolError } from './widget-error.js';

/** PKCS#7 padding of WeChat's scheme: to 32-byte blocks, not AES's 16. */
const BLOCK = 32;

/**
 * Checks an EncodingAESKey (43 base64 characters) and decodes it to the 32-byte AES key.
 * Returns undefined for anything else, so the caller can name the field.
 *
 * @example
 * ```ts
 * aesKeyFrom('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')?.length // 32
 * ```
 */
export function aesKeyFrom(encodingAESKey: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) return undefined;
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * The message signature: sha1 hex of the parts sorted as strings and joined. With
 * `[token, timestamp, nonce, encrypt]` it is `msg_signature`; without `encrypt` it is the URL
 * `signature` of the handshake.
 *
 * @example
 * ```ts
 * sign(['spamtest', '1409735669', '1320562132', encrypt]) // '5d197aaffba7e9b25a30732f161a50dee96bd5fa'
 * ```
 */
export function sign(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/**
 * Compares two signatures in constant time (no early exit that would leak how much matched).
 *
 * @example
 * ```ts
 * signaturesMatch(sign(parts), received) // true or false
 * ```
 */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Encrypts a message: AES-256-CBC (IV = the key's first 16 bytes) over 16 random bytes, the
 * message's length (4 bytes, big-endian), the message and the AppID, PKCS#7-padded to 32-byte
 * blocks. Returns base64. `random` is for tests with a known vector.
 *
 * @example
 * ```ts
 * const encrypt = encryptMessage('<xml>…</xml>', key, 'wx2c2769f8efd9abc2')
 * ```
 */
export function encryptMessage(message: string, key: Buffer, appId: string, random: Buffer = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
    'base64',
  );
}

/**
 * Decrypts a message and checks its padding, length and AppID; every failure is a
 * {@link WidgetProtocolError} of a distinct kind.
 *
 * @example
 * ```ts
 * decryptMessage(encrypt, key, 'wx2c2769f8efd9abc2') // '<xml>…</xml>'
 * ```
 */
export function decryptMessage(encrypt: string, key: Buffer, appId: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) {
    throw new WidgetProtocolError('bad_base64', 'Encrypt is not valid base64');
  }
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0)
    throw new WidgetProtocolError('bad_length', `ciphertext of ${data.length} bytes is not whole AES blocks`);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (err) {
    throw new WidgetProtocolError('decrypt_failed', `AES decryption failed: ${(err as Error).message}`);
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new WidgetProtocolError('bad_padding', 'bad PKCS#7 padding (encrypted with another key?)');
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw new WidgetProtocolError('bad_length', 'decrypted message is shorter than its header');
  const length = content.readUInt32BE(16);
  if (20 + length > content.length)
    throw new WidgetProtocolError(
      'bad_length',
      `message length ${length} exceeds the ${content.length - 20} bytes decrypted`,
    );
  const tail = content.subarray(20 + length).toString('utf8');
  if (tail !== appId)
    throw new WidgetProtocolError('appid_mismatch', `the message is for AppID "${tail.slice(0, 40)}", not ours`);
  return content.subarray(20, 20 + length).toString('utf8');
}
