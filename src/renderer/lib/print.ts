/**
 * Printing a voucher slip through the platform: the desktop app prints to the receipt
 * printer Settings name (silently when set so); a browser opens its print dialog. The
 * slip is the only thing on the page when printing (styles.css, @media print) and is
 * laid out in millimetres for 58 or 80 mm paper. In a browser the page size is the
 * printer's: CSS cannot say "58 mm wide, as long as the slip" (`size` takes no auto
 * height), so only the margins are set here.
 */
import { unwrap } from './desktop-transport';

/** Prints what is in #print-root for `widthMm` paper; rejects when the printer refuses (the desktop app says why). */
export async function printSlip(widthMm: 58 | 80): Promise<void> {
  if (window.iwasDesktop) {
    unwrap(await window.iwasDesktop.print({ widthMm }));
    return;
  }
  let style = document.getElementById('page-margins');
  if (!style) {
    style = document.createElement('style');
    style.id = 'page-margins';
    style.textContent = '@page { margin: 2mm; }';
    document.head.appendChild(style);
  }
  window.print();
}
