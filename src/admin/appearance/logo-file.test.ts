import { describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../../core/index.ts';
import { checkLogoBytes, toBase64 } from './logo-file.ts';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('checkLogoBytes', () => {
  it('accepts a PNG and encodes it as base64, also when large', () => {
    const bytes = new Uint8Array(LOGO_MAX_BYTES);
    bytes.set(PNG_HEAD);
    bytes[LOGO_MAX_BYTES - 1] = 0xff;
    const result = checkLogoBytes(bytes);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.base64).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('names the limit for a large file, and refuses SVG and unknown content', () => {
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG_HEAD);
    expect(checkLogoBytes(big)).toEqual({ ok: false, message: expect.stringContaining('at most 512 KB') });
    expect(checkLogoBytes(new TextEncoder().encode('<svg onload="x()"/>'))).toEqual({
      ok: false,
      message: expect.stringContaining('SVG logos are not accepted'),
    });
    expect(checkLogoBytes(new TextEncoder().encode('GIF89a'))).toEqual({
      ok: false,
      message: 'This file is not a PNG, JPEG or WebP image.',
    });
  });

  it('encodes every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });
});
