// A QR code of a presenter link, drawn as SVG from the modules qrcode-generator computes (pure JS,
// no canvas, nothing fetched): a phone at the stage scans it instead of typing the key.
import qrcode from 'qrcode-generator';

/** Quiet zone around the code, in modules (the standard asks for 4). */
const QUIET_MODULES = 4;

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

export function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const modules = qrModules(text);
  const extent = modules.length + 2 * QUIET_MODULES;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-testid="presenter-key-qr"
      width={size}
      height={size}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
