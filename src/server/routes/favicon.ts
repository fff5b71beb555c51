// /favicon.ico for every page: browsers ask for it on their own, and a 404 there is a console
// error on every screen. A 32×32 icon (the wheel's accent ring and slices on the page background),
// built once in memory as an ICO holding one 32-bit BMP; no file to ship or to find.

const SIDE_PX = 32;
const BACKGROUND = [0x21, 0x10, 0x0d] as const; // BGR of the display's --bg, #0d1021
const ACCENT = [0x3f, 0xd2, 0xff] as const; // BGR of --accent, #ffd23f
const SLICE = [0x8c, 0x4f, 0xe3] as const; // BGR of #e34f8c, one of the wheel's slice colours

/** The icon's pixel at (x, y) (y down), as BGR. */
function pixelAt(x: number, y: number): readonly [number, number, number] {
  const dx = x + 0.5 - SIDE_PX / 2;
  const dy = y + 0.5 - SIDE_PX / 2;
  const distance = Math.hypot(dx, dy);
  const outer = SIDE_PX / 2 - 1;
  if (distance > outer) return BACKGROUND;
  if (distance > outer - 3) return ACCENT;
  const sector = Math.floor(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * 8) % 2;
  return sector === 0 ? ACCENT : SLICE;
}

/** The whole .ico file: ICONDIR, one ICONDIRENTRY, then a bottom-up BGRA bitmap and its AND mask. */
export function buildFavicon(): Buffer {
  const headerBytes = 6 + 16;
  const infoBytes = 40;
  const pixelBytes = SIDE_PX * SIDE_PX * 4;
  const maskBytes = SIDE_PX * 4; // one bit a pixel, rows padded to 32 bits: all 0 (opaque)
  const imageBytes = infoBytes + pixelBytes + maskBytes;
  const ico = Buffer.alloc(headerBytes + imageBytes);
  ico.writeUInt16LE(0, 0);
  ico.writeUInt16LE(1, 2); // type: icon
  ico.writeUInt16LE(1, 4); // one image
  ico.writeUInt8(SIDE_PX, 6);
  ico.writeUInt8(SIDE_PX, 7);
  ico.writeUInt16LE(1, 10); // colour planes
  ico.writeUInt16LE(32, 12); // bits per pixel
  ico.writeUInt32LE(imageBytes, 14);
  ico.writeUInt32LE(headerBytes, 18);
  let at = headerBytes;
  ico.writeUInt32LE(infoBytes, at);
  ico.writeInt32LE(SIDE_PX, at + 4);
  ico.writeInt32LE(SIDE_PX * 2, at + 8); // the height counts the bitmap and its mask
  ico.writeUInt16LE(1, at + 12);
  ico.writeUInt16LE(32, at + 14);
  ico.writeUInt32LE(pixelBytes + maskBytes, at + 20);
  at += infoBytes;
  for (let row = SIDE_PX - 1; row >= 0; row--) {
    for (let x = 0; x < SIDE_PX; x++) {
      const [b, g, r] = pixelAt(x, row);
      ico.writeUInt8(b, at);
      ico.writeUInt8(g, at + 1);
      ico.writeUInt8(r, at + 2);
      ico.writeUInt8(0xff, at + 3);
      at += 4;
    }
  }
  return ico;
}
