import type { Clock, FetchFunction } from './clock.ts';

/** Every request gives up after this long, body included. */
export const REQUEST_TIMEOUT_MS = 5_000;

export type RequestFailureCode = 'timeout' | 'aborted' | 'network' | 'http_status' | 'malformed';

export type JsonResponse =
  | {
      ok: true;
      status: number;
      headers: Headers;
      body: unknown;
      /** The body as received: its text, and its bytes (UTF-8). */
      text: string;
      bytes: Uint8Array;
    }
  | { ok: false; code: RequestFailureCode; status: number | null; detail: string };

/**
 * One HTTP request with a timeout (AbortController), its body read and parsed as JSON inside the
 * same timeout. Never rejects: every failure is a value. An empty body parses as null.
 */
export async function requestJson(
  fetchFn: FetchFunction,
  clock: Clock,
  url: string,
  init: RequestInit & { signal?: AbortSignal } = {},
): Promise<JsonResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, REQUEST_TIMEOUT_MS);
  const outer = init.signal;
  const onOuterAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onOuterAbort);
  try {
    if (outer?.aborted) return { ok: false, code: 'aborted', status: null, detail: 'aborted before start' };
    const response = await fetchFn(url, { ...init, signal: controller.signal });
    // Bytes first (a snapshot's checksum is checked on them), then the text as response.text() gives it.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    if (!response.ok && response.status !== 304) {
      return { ok: false, code: 'http_status', status: response.status, detail: text.slice(0, 200) };
    }
    if (text.trim() === '')
      return { ok: true, status: response.status, headers: response.headers, body: null, text, bytes };
    try {
      return {
        ok: true,
        status: response.status,
        headers: response.headers,
        body: JSON.parse(text) as unknown,
        text,
        bytes,
      };
    } catch {
      return { ok: false, code: 'malformed', status: response.status, detail: 'response is not valid JSON' };
    }
  } catch (error) {
    if (timedOut)
      return { ok: false, code: 'timeout', status: null, detail: `no answer in ${REQUEST_TIMEOUT_MS} ms` };
    if (controller.signal.aborted) return { ok: false, code: 'aborted', status: null, detail: 'aborted' };
    return {
      ok: false,
      code: 'network',
      status: null,
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clock.clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
