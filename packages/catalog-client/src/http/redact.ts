/**
 * Secret redaction: one function used for every log line and error message, so that session
 * ids, tokens and passwords never leave the client.
 *
 * @module
 */

/**
 * What a secret is replaced with.
 *
 * @example
 * ```ts
 * redact('sessionId=abc-123'); // `sessionId=${REDACTED}`
 * ```
 */
export const REDACTED = '***';

/** Query parameters, form fields and JSON keys whose values are always secret. */
const SECRET_KEYS = ['sessionId', 'access_token', 'token', 'password', 'preparedId', 'apiKey', 'jwt', 'id_token', 'refresh_token'];

const keyAlternation = SECRET_KEYS.join('|');
/** `key=value` in query strings and form bodies. */
const QUERY_PATTERN = new RegExp(`([?&;\\s]|^)(${keyAlternation})=([^&\\s"']*)`, 'gi');
/** `"key":"value"` in JSON. */
const JSON_PATTERN = new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `Bearer xxx` authorization values. */
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

/**
 * Replaces every known secret (raw, percent-encoded, form-encoded as URLSearchParams writes it,
 * JSON-escaped) and every value of a secret-named field (sessionId, access_token,
 * password, Bearer tokens...) in `text` with `***`. Secrets shorter than 4 characters are
 * ignored (they would redact ordinary words).
 *
 * @example
 * ```ts
 * redact('GET /icat/entityManager?sessionId=abc-123&query=x', ['abc-123']);
 * // 'GET /icat/entityManager?sessionId=***&query=x'
 * ```
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
    const json = JSON.stringify(secret).slice(1, -1);
    if (json !== secret) out = out.split(json).join(REDACTED);
    const form = new URLSearchParams({ k: secret }).toString().slice(2);
    if (form !== secret && form !== encoded) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(QUERY_PATTERN, (_m, lead: string, key: string) => `${lead}${key}=${REDACTED}`)
    .replace(JSON_PATTERN, (_m, head: string) => `${head}"${REDACTED}"`)
    .replace(BEARER_PATTERN, (_m, head: string) => `${head}${REDACTED}`);
}

/**
 * The set of secrets one client knows (its session id, token, password); `redact(text)` hides
 * them and every secret-named field.
 *
 * @example
 * ```ts
 * const secrets = new SecretSet();
 * secrets.add(sessionId);
 * logger(secrets.redact(`url ${url}`));
 * ```
 */
export class SecretSet {
  readonly #values = new Set<string>();

  /** Remembers a secret (empty and undefined values are ignored). */
  add(secret: string | undefined): void {
    if (secret) this.#values.add(secret);
  }

  /** Forgets a secret. */
  delete(secret: string | undefined): void {
    if (secret) this.#values.delete(secret);
  }

  /** `text` with every remembered secret and secret-named field replaced by `***`. */
  redact(text: string): string {
    return redact(text, this.#values);
  }
}
