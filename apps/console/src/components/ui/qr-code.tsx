"use client";
import QRCode from "qrcode";
import { useEffect, useState } from "react";

/**
 * A QR code drawn in the browser (the `qrcode` package, no request leaves the page) as an SVG
 * image; the encoded text stays available beside it for those who cannot scan.
 */
export function QrCode({ text, label, size = 192 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then(
      (s) => live && setSvg(s),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  if (!svg) return null;
  return (
    // biome-ignore lint/performance/noImgElement: a data: URL drawn in the browser, nothing for next/image to optimise
    <img
      className="qr-code"
      src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
      alt={label}
      width={size}
      height={size}
    />
  );
}
