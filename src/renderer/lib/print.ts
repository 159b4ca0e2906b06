/**
 * Printing a voucher slip through the platform: the desktop app's bridge prints to the
 * receipt printer (silently when set up so); a browser opens its print dialog. The
 * slip is the only thing on the page when printing (see styles.css, @media print).
 */
declare global {
  interface Window {
    /** The desktop app's printing (preload bridge). */
    iwasPrint?: (options: { widthMm: number }) => Promise<void>;
  }
}

/** Prints what is in #print-root at the receipt width. */
export async function printSlip(widthMm: 58 | 80): Promise<void> {
  let style = document.getElementById('page-size');
  if (!style) {
    style = document.createElement('style');
    style.id = 'page-size';
    document.head.appendChild(style);
  }
  style.textContent = `@page { size: ${widthMm}mm auto; margin: 2mm; }`;
  if (window.iwasPrint) return window.iwasPrint({ widthMm });
  window.print();
}
