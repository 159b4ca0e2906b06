/**
 * The desktop app's own IPC (not contract methods): printing the voucher slip on the
 * receipt printer Settings name, printing A4 sheets of voucher cards on a printer the
 * cashier picks, and listing this PC's printers for the receipt printer's choice.
 */
import { z } from 'zod';
import { desktopChannels } from '../../shared/methods';
import { AppError } from '../../shared/errors';
import type { Settings } from '../../shared/domain';
import type { Logger } from '../log';
import { guarded, type IpcMainLike } from './contract';

/** What is printed on: the receipt roll (58 or 80 mm wide) or an A4 sheet (voucher cards). */
export type Paper = { widthMm: 58 | 80 } | { pageSize: 'A4' };

const PrintRequest = z.union([z.object({ widthMm: z.union([z.literal(58), z.literal(80)]) }).strict(), z.object({ pageSize: z.literal('A4') }).strict()]);

/** What printing needs from the sender's web contents. */
export interface Printable {
  print(options: Electron.WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<Electron.PrinterInfo[]>;
}

/**
 * Prints the page (only #print-root prints: @media print). On the roll: the slip or the
 * cards laid out for `widthMm` paper, on the receipt printer Settings name. On A4: a sheet
 * of cards through the print dialog, on the printer the cashier picks there (the receipt
 * printer is not the one for sheets), with the page's own @page margins. Resolves
 * `printed: false` when the cashier cancelled the dialog; rejects when the printer refuses.
 */
export function printPage(wc: Printable, printing: Settings['printing'], paper: Paper, log?: Logger): Promise<{ printed: boolean }> {
  const sheet = 'pageSize' in paper;
  const options: Electron.WebContentsPrintOptions = sheet
    ? // 'default' margins: Chromium takes them from the page's @page rule (lib/print.ts).
      { silent: false, printBackground: false, margins: { marginType: 'default' }, pageSize: paper.pageSize }
    : {
        silent: printing.silent,
        printBackground: false,
        margins: { marginType: 'none' },
        // The paper is the printer's: a receipt printer's driver knows its roll (a fixed page
        // size here would feed a whole A4 length of roll per slip).
        usePrinterDefaultPageSize: true,
        ...(printing.printerName ? { deviceName: printing.printerName } : {}),
      };
  if (sheet) log?.info(`printing an ${paper.pageSize} sheet of voucher cards`);
  else log?.info(`printing on ${paper.widthMm} mm paper`, { printer: printing.printerName || '(system default)', silent: printing.silent });
  return new Promise((resolve, reject) => {
    wc.print(options, (success, reason) => {
      if (success) resolve({ printed: true });
      else if (/cancel/i.test(reason)) resolve({ printed: false });
      else if (sheet) reject(new AppError('unavailable', `The sheet did not print: ${reason}`));
      else reject(new AppError('unavailable', `The slip did not print: ${reason}${printing.printerName ? ` (printer “${printing.printerName}”)` : ''}`));
    });
  });
}

/** Where the desktop app keeps things on this PC (shown in Settings). */
export interface DesktopInfo {
  version: string;
  dataDir: string;
  logsDir: string;
}

/** Registers print (roll or A4), printers and info. */
export function registerDesktopIpc(
  ipc: IpcMainLike,
  o: { trusted: (frame: Electron.WebFrameMain | null) => boolean; printing: () => Settings['printing']; info: DesktopInfo; log: Logger },
): void {
  ipc.handle(desktopChannels.info, (event) => guarded(o.trusted, o.log, desktopChannels.info, () => o.info)(event));
  // The sender is the window's WebContents (checked by `guarded` before it is used).
  ipc.handle(desktopChannels.print, (event, request) =>
    guarded(o.trusted, o.log, desktopChannels.print, () => {
      const parsed = PrintRequest.safeParse(request);
      if (!parsed.success) throw new AppError('invalid_input', 'print: widthMm must be 58 or 80, or pageSize "A4"');
      return printPage(event.sender as Printable, o.printing(), parsed.data, o.log);
    })(event),
  );
  ipc.handle(desktopChannels.printers, (event) =>
    guarded(o.trusted, o.log, desktopChannels.printers, async () =>
      (await (event.sender as Printable).getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName || p.name })),
    )(event),
  );
}
