import { describe, expect, it } from 'vitest';
import { qrModules, qrPath } from './qr-matrix.ts';

/** A finder pattern: a 7×7 dark ring, a light ring, a dark 3×3 centre. */
function hasFinderAt(modules: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++)
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      if (modules[top + y]?.[left + x] !== (ring !== 2)) return false;
    }
  return true;
}

describe('the presenter link QR code', () => {
  const link = 'http://192.168.1.20:8080/wheel/default?key=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

  it('is a square QR matrix with its three finder patterns', () => {
    const modules = qrModules(link);
    const size = modules.length;
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0); // version v has 17 + 4v modules a side
    expect(modules.every((row) => row.length === size)).toBe(true);
    expect(hasFinderAt(modules, 0, 0)).toBe(true);
    expect(hasFinderAt(modules, 0, size - 7)).toBe(true);
    expect(hasFinderAt(modules, size - 7, 0)).toBe(true);
  });

  it('draws one square per dark module, inside the quiet zone', () => {
    const modules = qrModules(link);
    const dark = modules.flat().filter(Boolean).length;
    const path = qrPath(modules);
    expect(path.match(/M/g)).toHaveLength(dark);
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true); // the top-left finder's corner
  });

  it('differs for different links', () => {
    expect(qrPath(qrModules(`${link}x`))).not.toBe(qrPath(qrModules(link)));
  });
});
