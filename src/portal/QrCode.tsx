import { useEffect, useState } from 'preact/hooks';

/**
 * A QR code drawn as one SVG path (no inline style: the CSP allows none). The encoder (uqr) is
 * loaded only when a QR code is first shown, so the portal's first load does not carry it.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [drawn, setDrawn] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let live = true;
    void import('uqr').then(({ encode }) => {
      const { data, size } = encode(text, { ecc: 'M', border: 2 });
      let path = '';
      data.forEach((row, y) => {
        row.forEach((dark, x) => {
          if (dark) path += `M${x} ${y}h1v1h-1z`;
        });
      });
      if (live) setDrawn({ size, path });
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!drawn) return <div class="qr-box" aria-busy="true" />;
  return (
    <svg class="qr-box" role="img" aria-label={label} viewBox={`0 0 ${drawn.size} ${drawn.size}`} shape-rendering="crispEdges" data-token={text}>
      <rect width={drawn.size} height={drawn.size} fill="#fff" />
      <path d={drawn.path} fill="#000" />
    </svg>
  );
}
