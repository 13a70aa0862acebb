/**
 * Reads the expiry (`exp`, seconds since the epoch) from a JWT's payload without verifying the
 * signature: the client only needs to know when to renew; the server checks the signature.
 * Works in Node and browsers (`atob`, `TextDecoder`).
 *
 * @example
 * ```ts
 * const exp = jwtExpiry(token); // e.g. 1767225600, or undefined for a token without exp
 * ```
 * @module
 */

/**
 * The `exp` claim of `token` in seconds, or `undefined` when the token is not a JWT or has no
 * numeric `exp` (such a token is used until the server refuses it).
 *
 * @example
 * ```ts
 * jwtExpiry('not-a-jwt'); // → undefined
 * ```
 */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const exp = typeof payload === 'object' && payload !== null ? (payload as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}
