/**
 * Printing through the platform: the desktop app prints a voucher slip (or cards on the
 * roll) to the receipt printer Settings name, silently when set so, and an A4 sheet of
 * cards through its print dialog; a browser opens its print dialog. Only #print-root
 * prints (styles.css, @media print), laid out in millimetres.
 *
 * The page's @page rule is set before each print (one style element, replaced each time,
 * so a sheet's A4 never sticks to a later slip): for a sheet `size: A4` with its margins
 * (the desktop app prints it with Chromium's default margins, which are the page's own);
 * for the roll in a browser only the margins (CSS cannot say "58 mm wide, as long as the
 * slip": `size` takes no auto height, so the printer's paper is used), and nothing in the
 * desktop app (it prints the roll on the printer's own paper size, without margins).
 */
import { unwrap, type Paper } from './desktop-transport';

/** The A4 sheet's page margins: inside every printer's unprintable edge; card-sheet.css fits 4 × 8 cards in what is left. */
export const SHEET_MARGINS = '7mm 8mm';

/** The @page rule for `paper`: in the desktop app or a browser. */
function pageRule(paper: Paper, desktop: boolean): string {
  if ('pageSize' in paper) return `@page { size: ${paper.pageSize}; margin: ${SHEET_MARGINS}; }`;
  return desktop ? '' : '@page { margin: 2mm; }';
}

function setPageRule(rule: string): void {
  let style = document.getElementById('page-margins');
  if (!style) {
    style = document.createElement('style');
    style.id = 'page-margins';
    document.head.appendChild(style);
  }
  if (style.textContent !== rule) style.textContent = rule;
}

async function print(paper: Paper): Promise<void> {
  setPageRule(pageRule(paper, !!window.iwasDesktop));
  if (window.iwasDesktop) unwrap(await window.iwasDesktop.print(paper));
  else window.print();
}

/** Prints what is in #print-root for `widthMm` paper (a slip, a shift report, cards on the roll); rejects when the printer refuses (the desktop app says why). */
export function printSlip(widthMm: 58 | 80): Promise<void> {
  return print({ widthMm });
}

/** Prints what is in #print-root (a sheet of voucher cards) on A4 paper; rejects when the printer refuses. */
export function printSheet(): Promise<void> {
  return print({ pageSize: 'A4' });
}
