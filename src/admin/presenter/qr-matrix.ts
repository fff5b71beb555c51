// A QR code's modules, computed by qrcode-generator (pure JS, no canvas, nothing fetched), and the
// one SVG path that draws them.
import qrcode from 'qrcode-generator';

/** Quiet zone around the code, in modules (the standard asks for 4). */
export const QUIET_MODULES = 4;

/** The code's modules: `true` is dark. Error correction M, the smallest version that fits. */
export function qrModules(text: string): boolean[][] {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => code.isDark(row, column)),
  );
}

/** One SVG path for every dark module (one `h1v1h-1z` square each), offset by the quiet zone. */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QUIET_MODULES} ${y + QUIET_MODULES}h1v1h-1z`);
    }),
  );
  return parts.join('');
}
