// A QR code of an address, drawn as SVG by the `qrcode` package (its browser-safe string API).
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (markup) => {
        if (alive) setSvg(markup);
      },
      () => {
        if (alive) setSvg(null);
      },
    );
    return () => {
      alive = false;
    };
  }, [text]);
  if (!svg) return null;
  // The markup is the library's own SVG of our text (no user HTML): safe to insert.
  return <div className="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
