/**
 * A client id for an outgoing message: 16 hex characters (64 random bits) from the platform's CSPRNG, enough that
 * two sends of one user never collide while being short on the wire.
 */
export function createClientId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}
