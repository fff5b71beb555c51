// One way for scripted tests to call the API, whether the app runs in this process (app.inject) or
// as real listening servers (fetch), so one script drives them all. Answers keep the request they
// answered, for failure messages that show both.
import type { FastifyInstance } from 'fastify';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: Buffer;
  json<T = unknown>(): T;
  /** `METHOD path → status body` (body cut short), for failure messages. */
  describe(): string;
}

export interface HttpFile {
  field: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface HttpRequest {
  headers?: Record<string, string>;
  body?: unknown;
  file?: HttpFile;
}

export type HttpClient = (method: string, path: string, request?: HttpRequest) => Promise<HttpAnswer>;

const DESCRIBED_BODY_MAX_CHARACTERS = 1_500;

/** A multipart/form-data body with one file field. */
export function multipartBody(file: HttpFile): { headers: Record<string, string>; payload: Buffer } {
  const boundary = '----prizewheel-scripted-event';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, file.content, tail]),
  };
}

function answer(
  method: string,
  path: string,
  request: HttpRequest,
  status: number,
  headers: Record<string, string>,
  raw: Buffer,
): HttpAnswer {
  const body = raw.toString('utf8');
  return {
    status,
    headers,
    body,
    raw,
    json<T>() {
      return JSON.parse(body) as T;
    },
    describe() {
      const sent =
        request.body === undefined
          ? ''
          : ` ${JSON.stringify(request.body).slice(0, DESCRIBED_BODY_MAX_CHARACTERS)}`;
      const text =
        headers['content-type']?.includes('json') || body.length < 300 ? body : `<${raw.length} bytes>`;
      return `${method} ${path}${sent} → ${status} ${text.slice(0, DESCRIBED_BODY_MAX_CHARACTERS)}`;
    },
  };
}

function encode(request: HttpRequest): { headers: Record<string, string>; payload?: Buffer | string } {
  if (request.file) {
    const form = multipartBody(request.file);
    return { headers: { ...request.headers, ...form.headers }, payload: form.payload };
  }
  if (request.body === undefined) return { headers: { ...request.headers } };
  return {
    headers: { ...request.headers, 'content-type': 'application/json' },
    payload: JSON.stringify(request.body),
  };
}

/** Calls the app in this process. */
export function injectClient(app: FastifyInstance): HttpClient {
  return async (method, path, request = {}) => {
    const { headers, payload } = encode(request);
    const response = await app.inject({
      method: method as 'GET',
      url: path,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers))
      if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
    return answer(method, path, request, response.statusCode, flat, response.rawPayload);
  };
}

/** Calls a listening server. */
export function fetchClient(baseUrl: string): HttpClient {
  return async (method, path, request = {}) => {
    const { headers, payload } = encode(request);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload === undefined
        ? {}
        : { body: typeof payload === 'string' ? payload : new Uint8Array(payload) }),
    });
    const flat: Record<string, string> = {};
    response.headers.forEach((value, name) => (flat[name] = value));
    return answer(method, path, request, response.status, flat, Buffer.from(await response.arrayBuffer()));
  };
}

/** Sends each call to the next client in turn (two instances sharing one database act as one). */
export function roundRobinClient(clients: HttpClient[]): HttpClient {
  let next = 0;
  return (method, path, request) => {
    const client = clients[next++ % clients.length]!;
    return client(method, path, request);
  };
}
