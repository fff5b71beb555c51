// Where other machines reach this server: the base of presenter links (and their QR codes) and the
// LAN addresses of the start-up banner. Contract "First night": PUBLIC_URL, else the LAN address
// the server listens on — never 127.0.0.1 for a browser that is elsewhere.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../core/index.ts';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Listening on every interface (`HOST=0.0.0.0` or `::`). */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** The machine's IPv4 LAN addresses (not loopback, not link-local), in interface order. */
export function lanAddresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const found: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal || info.family !== 'IPv4' || info.address.startsWith('169.254.')) continue;
      if (!found.includes(info.address)) found.push(info.address);
    }
  }
  return found;
}

/** A host as it goes in a URL: an IPv6 address in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The port the server listens on (the configured one until it listens; PORT=0 picks one). */
export function listeningPort(fastify: FastifyInstance): number {
  const address = fastify.server.address();
  return address !== null && typeof address === 'object' ? address.port : fastify.config.port;
}

export interface PublicBaseInput {
  /** PUBLIC_URL (already without a trailing slash), or undefined. */
  publicUrl: string | undefined;
  /** The server's HOST and the port it listens on. */
  listenHost: string;
  listenPort: number;
  /** The request that asks for the link: its protocol and Host (with the port). */
  requestProtocol: string;
  requestHost: string;
  interfaces?: Interfaces;
}

/**
 * The base URL (no trailing slash) a link for another machine starts with, in this order:
 * PUBLIC_URL; the request's own Host when it is not loopback (the admin reached the server by an
 * address others can use too); the address the server listens on when it is not loopback (for
 * `0.0.0.0`, the first LAN address); else the request's Host (the server listens on loopback only,
 * so nothing else could reach it anyway).
 */
export function publicBaseUrl(input: PublicBaseInput): string {
  if (input.publicUrl !== undefined) return input.publicUrl;
  const requestOrigin = `${input.requestProtocol}://${input.requestHost}`;
  const requestHostname = hostnameOf(input.requestHost);
  if (requestHostname !== '' && !isLoopbackHost(requestHostname)) return requestOrigin;
  if (isWildcardHost(input.listenHost)) {
    const [lan] = lanAddresses(input.interfaces);
    if (lan !== undefined) return `http://${lan}:${input.listenPort}`;
  } else if (!isLoopbackHost(input.listenHost)) {
    return `http://${hostForUrl(input.listenHost)}:${input.listenPort}`;
  }
  return input.requestHost === '' ? `http://127.0.0.1:${input.listenPort}` : requestOrigin;
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':', 1)[0] ?? '';
}

/** The link base for a request this server answers (presenter links, certificate QR codes). */
export function linkBase(fastify: FastifyInstance, request: FastifyRequest): string {
  return publicBaseUrl({
    publicUrl: fastify.config.publicUrl,
    listenHost: fastify.config.host,
    listenPort: listeningPort(fastify),
    requestProtocol: request.protocol,
    requestHost: request.host,
  });
}
