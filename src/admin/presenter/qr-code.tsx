// A QR code of a presenter link, drawn as SVG (qr-matrix.ts): a phone at the stage scans it
// instead of typing the key.
import { QUIET_MODULES, qrModules, qrPath } from './qr-matrix.ts';

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
