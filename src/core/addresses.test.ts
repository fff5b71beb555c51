import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './addresses.ts';

describe('isLoopbackHost', () => {
  it('knows the names only this machine reaches', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'app.localhost'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['192.168.1.20', 'wheel.lan', '[fe80::1]', '127.example.org', ''])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
