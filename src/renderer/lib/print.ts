/**
 * Printing a voucher slip through the platform: the desktop app's bridge prints to the
 * receipt printer at the paper's width; a browser opens its print dialog. The slip is the
 * only thing on the page when printing (styles.css, @media print) and is laid out in
 * millimetres for 58 or 80 mm paper. The page size itself is the printer's: CSS cannot say
 * "58 mm wide, as long as the slip" (`size` takes no auto height), so only the margins are
 * set here and the receipt printer's driver supplies its roll width.
 */
declare global {
  interface Window {
    /** The desktop app's printing (preload bridge). */
    iwasPrint?: (options: { widthMm: number }) => Promise<void>;
  }
}

/** Prints what is in #print-root for `widthMm` paper; rejects when the desktop app's printer refuses. */
export async function printSlip(widthMm: 58 | 80): Promise<void> {
  let style = document.getElementById('page-margins');
  if (!style) {
    style = document.createElement('style');
    style.id = 'page-margins';
    style.textContent = '@page { margin: 2mm; }';
    document.head.appendChild(style);
  }
  if (window.iwasPrint) return window.iwasPrint({ widthMm });
  window.print();
}
