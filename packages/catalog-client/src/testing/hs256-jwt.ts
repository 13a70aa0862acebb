/**
 * Real HS256 JSON Web Tokens for the SciCat contract server, signed and verified with
 * `node:crypto` HMAC-SHA256 (the algorithm SciCat's `@nestjs/jwt` uses by default).
 *
 * @example
 * ```ts
 * const token = signJwt({ _id: 'u1', exp: 2_000_000_000 }, 'secret');
 * verifyJwt(token, 'secret'); // → { _id: 'u1', exp: 2000000000 }
 * ```
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a token: any JSON, with `iat`/`exp` in seconds since the epoch. */
export type JwtClaims = Record<string, unknown> & { exp?: number; iat?: number };

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function signature(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/**
 * Signs `claims` as an HS256 JWT.
 *
 * @example
 * ```ts
 * signJwt({ sub: 'ingestor', exp: Math.floor(Date.now() / 1000) + 3600 }, 'secret');
 * ```
 */
export function signJwt(claims: JwtClaims, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  return `${head}.${body}.${signature(`${head}.${body}`, secret)}`;
}

/**
 * The claims of `token` when its HS256 signature is valid, otherwise `undefined` (expiry is
 * the caller's to check).
 *
 * @example
 * ```ts
 * verifyJwt('a.b.c', 'secret'); // → undefined
 * ```
 */
export function verifyJwt(token: string, secret: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = Buffer.from(signature(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}
