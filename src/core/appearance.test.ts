import { describe, expect, it } from 'vitest';
import { parseWheelAppearance, sniffLogoType } from './appearance.ts';

const bytesOf = (...parts: Array<number[] | string>) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)),
  );

describe('sniffLogoType', () => {
  it('recognizes PNG, JPEG and WebP by their first bytes', () => {
    expect(sniffLogoType(bytesOf([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toEqual({
      ok: true,
      contentType: 'image/png',
    });
    expect(sniffLogoType(bytesOf([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({
      ok: true,
      contentType: 'image/jpeg',
    });
    expect(sniffLogoType(bytesOf('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toEqual({
      ok: true,
      contentType: 'image/webp',
    });
  });

  it('names SVG (in any case, after a prolog) and refuses everything else as unknown', () => {
    expect(sniffLogoType(bytesOf('<?xml version="1.0"?>\n<!-- x -->\n<SVG xmlns="…">'))).toEqual({
      ok: false,
      code: 'svg',
    });
    expect(sniffLogoType(bytesOf('GIF89a'))).toEqual({ ok: false, code: 'unknown' });
    expect(sniffLogoType(bytesOf('RIFF', [0, 0, 0, 0], 'WAVE'))).toEqual({ ok: false, code: 'unknown' });
    expect(sniffLogoType(new Uint8Array())).toEqual({ ok: false, code: 'unknown' });
  });
});

describe('parseWheelAppearance', () => {
  it('accepts the public shape and refuses wrong types, long titles and foreign logo URLs', () => {
    const good = { title: 'Gala', logoUrl: '/api/wheels/default/logo/abc', offlineSpins: 'refuse' };
    expect(parseWheelAppearance(good)).toEqual(good);
    expect(parseWheelAppearance({ ...good, logoUrl: null })).toEqual({ ...good, logoUrl: null });
    expect(parseWheelAppearance({ ...good, offlineSpins: 'maybe' })).toBeNull();
    expect(parseWheelAppearance({ ...good, title: 'x'.repeat(121) })).toBeNull();
    expect(parseWheelAppearance({ ...good, logoUrl: 'https://evil.example/logo.png' })).toBeNull();
    expect(parseWheelAppearance({ ...good, logoUrl: '//evil.example/x' })).toBeNull();
    expect(parseWheelAppearance(null)).toBeNull();
  });
});
