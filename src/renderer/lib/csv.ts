/**
 * CSV for the café's spreadsheet: RFC 4180 quoting, CRLF line ends, a BOM so Excel
 * reads UTF-8 (café names, ₱), and cells that start like a formula (= + - @) made
 * inert with a leading apostrophe so a voucher or a reason cannot run in Excel.
 */

export type Cell = string | number | null;

function cell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  // A plain number ("-20.00") stays a number; anything else starting like a formula is made text.
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows (the first one the header) as CSV text. */
export function toCsv(rows: Cell[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download (the desktop app saves it through its download dialog). */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
