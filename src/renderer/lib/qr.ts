/** QR codes for voucher slips, as SVG data URLs (crisp on any printer). */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** The QR image for `text` (null while it is made, or when there is no text). */
export function useQr(text: string | null): string | null {
  const [made, setMade] = useState<{ text: string; url: string } | null>(null);
  useEffect(() => {
    if (!text) return;
    let live = true;
    QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' })
      .then((svg) => live && setMade({ text, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [text]);
  return made && made.text === text ? made.url : null;
}

/** The Hotspot login link with the voucher filled in (RouterOS accepts username/password on /login). */
export function loginLink(loginUrl: string, code: string, password: string): string | null {
  if (!loginUrl) return null;
  const u = new URL(loginUrl);
  u.searchParams.set('username', code);
  u.searchParams.set('password', password);
  return u.href;
}
