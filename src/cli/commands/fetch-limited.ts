// Fetching JSON from a server the user named (verify-draws --url) without trusting it: a deadline
// for the whole answer, a size limit counted while the body streams, and redirects followed only
// within the same origin (a redirect elsewhere could send the check to a server that agrees).
export const VERIFY_FETCH_TIMEOUT_MS = 15_000;
export const VERIFY_RESPONSE_MAX_BYTES = 64 * 1024 * 1024;
const MAX_SAME_ORIGIN_REDIRECTS = 5;

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: VERIFY_FETCH_TIMEOUT_MS,
  maxBytes: VERIFY_RESPONSE_MAX_BYTES,
};

/** GET `url` as JSON within the limits; throws an Error that names the URL and the limit broken. */
export async function fetchLimitedJson(
  url: URL,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetchFollowingSameOrigin(url, signal);
    const text = await readLimitedText(response, limits.maxBytes, url);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`GET ${url.href}: the answer is not JSON (is this a prizewheel server?)`, {
        cause: error,
      });
    }
  } catch (error) {
    if (signal.aborted)
      throw new Error(`GET ${url.href}: no complete answer within ${limits.timeoutMs} ms`, { cause: error });
    // fetch says only "fetch failed"; the reason (refused, unknown host…) is its cause.
    if (error instanceof TypeError && error.cause !== undefined)
      throw new Error(`GET ${url.href}: cannot reach the server (${reasonOf(error.cause)})`, {
        cause: error,
      });
    throw error;
  }
}

function reasonOf(cause: unknown): string {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(cause);
}

async function fetchFollowingSameOrigin(url: URL, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, {
      redirect: 'manual',
      signal,
      headers: { accept: 'application/json' },
    });
    if (response.status < 300 || response.status > 399) {
      if (!response.ok) throw new Error(`GET ${current.href}: HTTP ${response.status}`);
      return response;
    }
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) throw new Error(`GET ${current.href}: HTTP ${response.status} without a Location`);
    const next = new URL(location, current);
    if (next.origin !== url.origin)
      throw new Error(`GET ${current.href}: refused a redirect to another host (${next.origin})`);
    if (redirects >= MAX_SAME_ORIGIN_REDIRECTS)
      throw new Error(`GET ${url.href}: more than ${MAX_SAME_ORIGIN_REDIRECTS} redirects`);
    current = next;
  }
}

async function readLimitedText(response: Response, maxBytes: number, url: URL): Promise<string> {
  const tooLarge = () => new Error(`GET ${url.href}: the answer is larger than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
