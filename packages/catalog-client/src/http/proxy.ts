/**
 * HTTP(S) proxies in Node: the proxy from the options or from `HTTPS_PROXY`/`HTTP_PROXY`
 * (honouring `NO_PROXY`), and a `fetch` that goes through it (undici's `ProxyAgent`, imported
 * only when a proxy is used, so browsers never load it).
 *
 * @module
 */

/**
 * A `fetch`-compatible function.
 *
 * @example
 * ```ts
 * const f: FetchLike = (url, init) => fetch(url, init);
 * ```
 */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Reads an environment variable in Node; undefined in browsers. */
function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name] ?? proc?.env?.[name.toLowerCase()];
}

/** Whether `host` (with port) matches a `NO_PROXY` list (`*`, `host`, `.domain`, `host:port`). */
function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const [name, port] = entry.split(':') as [string, string | undefined];
    if (port !== undefined && port !== url.port) continue;
    const bare = name.startsWith('.') ? name.slice(1) : name;
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/**
 * The proxy URL to use for `target`: `option` when a string, none when `false`, otherwise
 * `HTTPS_PROXY` (https targets) or `HTTP_PROXY`, unless `NO_PROXY` matches the host.
 *
 * @example
 * ```ts
 * resolveProxy('https://icat.example.org/icat', 'http://127.0.0.1:3128'); // 'http://127.0.0.1:3128'
 * ```
 */
export function resolveProxy(target: string, option?: string | false): string | undefined {
  if (option === false) return undefined;
  if (typeof option === 'string') return option;
  const url = new URL(target);
  const proxy = url.protocol === 'https:' ? (env('HTTPS_PROXY') ?? env('HTTP_PROXY')) : env('HTTP_PROXY');
  if (!proxy) return undefined;
  const noProxy = env('NO_PROXY');
  if (noProxy && bypassed(url, noProxy)) return undefined;
  return proxy;
}

const proxyFetches = new Map<string, Promise<FetchLike>>();

/**
 * A `fetch` that sends every request through the proxy at `proxyUrl` (CONNECT for https
 * targets, absolute-form requests for http), built once per proxy URL.
 *
 * @example
 * ```ts
 * const viaProxy = await proxyFetch('http://127.0.0.1:3128');
 * await viaProxy('http://example.org/', { method: 'GET' });
 * ```
 */
export function proxyFetch(proxyUrl: string): Promise<FetchLike> {
  let made = proxyFetches.get(proxyUrl);
  if (!made) {
    made = import('undici').then(({ ProxyAgent, fetch }) => {
      const dispatcher = new ProxyAgent(proxyUrl);
      return ((input: string, init: RequestInit) =>
        fetch(input, { ...(init as object), dispatcher } as Parameters<typeof fetch>[1])) as unknown as FetchLike;
    });
    proxyFetches.set(proxyUrl, made);
  }
  return made;
}

/** `decodeURIComponent(text)`, or `text` itself when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The credentials in a proxy URL that must never be shown: the password and the `user:pass`
 * pair, as written in the URL and decoded, and the pair's Basic-auth (base64) form. None for a
 * URL without a password or one that does not parse.
 *
 * @example
 * ```ts
 * proxySecrets('http://bob:s3cret@proxy:3128'); // ['bob:s3cret', 's3cret', 'Ym9iOnMzY3JldA==']
 * ```
 */
export function proxySecrets(proxyUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    return [];
  }
  if (url.password === '') return [];
  const pair = `${decoded(url.username)}:${decoded(url.password)}`;
  const basic = btoa(String.fromCodePoint(...new TextEncoder().encode(pair)));
  // the pairs first, so that a pair is hidden whole rather than as `user:***`
  return [...new Set([`${url.username}:${url.password}`, pair, url.password, decoded(url.password), basic])];
}
