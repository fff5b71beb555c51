import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddresses, publicBaseUrl } from './public-address.ts';

function info(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  return { address, family, internal, netmask: '', mac: '', cidr: null } as NetworkInterfaceInfo;
}

const INTERFACES = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('fe80::1', 'IPv6'), info('169.254.3.4', 'IPv4'), info('192.168.1.20', 'IPv4')],
  wlan0: [info('10.0.0.7', 'IPv4')],
};

const base = {
  publicUrl: undefined,
  listenHost: '0.0.0.0',
  listenPort: 8080,
  requestProtocol: 'http',
  requestHost: '127.0.0.1:8080',
  interfaces: INTERFACES,
};

describe('publicBaseUrl', () => {
  it('uses PUBLIC_URL whenever it is set', () => {
    expect(publicBaseUrl({ ...base, publicUrl: 'https://draw.example.org/gala' })).toBe(
      'https://draw.example.org/gala',
    );
  });

  it("uses the request's Host when the admin reached the server by a non-loopback address", () => {
    expect(publicBaseUrl({ ...base, requestHost: '192.168.1.20:8080' })).toBe('http://192.168.1.20:8080');
    expect(publicBaseUrl({ ...base, requestProtocol: 'https', requestHost: 'wheel.lan' })).toBe(
      'https://wheel.lan',
    );
  });

  it('never gives 127.0.0.1 from a loopback request while the server listens on the LAN', () => {
    expect(publicBaseUrl(base)).toBe('http://192.168.1.20:8080');
    expect(publicBaseUrl({ ...base, requestHost: 'localhost:8080' })).toBe('http://192.168.1.20:8080');
    expect(publicBaseUrl({ ...base, listenHost: '10.0.0.7' })).toBe('http://10.0.0.7:8080');
  });

  it('keeps the loopback address when the server listens on loopback only (nothing else reaches it)', () => {
    expect(publicBaseUrl({ ...base, listenHost: '127.0.0.1' })).toBe('http://127.0.0.1:8080');
    expect(publicBaseUrl({ ...base, interfaces: { lo: INTERFACES.lo } })).toBe('http://127.0.0.1:8080');
  });
});

describe('lanAddresses', () => {
  it('lists IPv4 LAN addresses, without loopback and link-local ones', () => {
    expect(lanAddresses(INTERFACES)).toEqual(['192.168.1.20', '10.0.0.7']);
  });
});
