/**
 * The desktop app's own IPC (not contract methods): printing the voucher slip on the
 * receipt printer Settings name, and listing this PC's printers for that choice.
 */
import { z } from 'zod';
import { desktopChannels } from '../../shared/methods';
import { AppError } from '../../shared/errors';
import type { Settings } from '../../shared/domain';
import type { Logger } from '../log';
import { guarded, type IpcMainLike } from './contract';

const PrintRequest = z.object({ widthMm: z.union([z.literal(58), z.literal(80)]) }).strict();

/** What printing needs from the sender's web contents. */
export interface Printable {
  print(options: Electron.WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<Electron.PrinterInfo[]>;
}

/**
 * Prints the page (the slip is all that prints: @media print, laid out for `widthMm` paper);
 * resolves `printed: false` when the cashier cancelled the dialog.
 */
export function printPage(wc: Printable, printing: Settings['printing'], widthMm: 58 | 80, log?: Logger): Promise<{ printed: boolean }> {
  log?.info(`printing a ${widthMm} mm voucher slip`, { printer: printing.printerName || '(system default)', silent: printing.silent });
  return new Promise((resolve, reject) => {
    wc.print(
      {
        silent: printing.silent,
        printBackground: false,
        margins: { marginType: 'none' },
        // The paper is the printer's: a receipt printer's driver knows its roll (a fixed page
        // size here would feed a whole A4 length of roll per slip).
        usePrinterDefaultPageSize: true,
        ...(printing.printerName ? { deviceName: printing.printerName } : {}),
      },
      (success, reason) => {
        if (success) resolve({ printed: true });
        else if (/cancel/i.test(reason)) resolve({ printed: false });
        else reject(new AppError('unavailable', `The slip did not print: ${reason}${printing.printerName ? ` (printer “${printing.printerName}”)` : ''}`));
      },
    );
  });
}

/** Where the desktop app keeps things on this PC (shown in Settings). */
export interface DesktopInfo {
  version: string;
  dataDir: string;
  logsDir: string;
}

/** Registers print, printers and info. */
export function registerDesktopIpc(
  ipc: IpcMainLike,
  o: { trusted: (frame: Electron.WebFrameMain | null) => boolean; printing: () => Settings['printing']; info: DesktopInfo; log: Logger },
): void {
  ipc.handle(desktopChannels.info, (event) => guarded(o.trusted, o.log, desktopChannels.info, () => o.info)(event));
  // The sender is the window's WebContents (checked by `guarded` before it is used).
  ipc.handle(desktopChannels.print, (event, request) =>
    guarded(o.trusted, o.log, desktopChannels.print, () => {
      const parsed = PrintRequest.safeParse(request);
      if (!parsed.success) throw new AppError('invalid_input', 'print: widthMm must be 58 or 80');
      return printPage(event.sender as Printable, o.printing(), parsed.data.widthMm, o.log);
    })(event),
  );
  ipc.handle(desktopChannels.printers, (event) =>
    guarded(o.trusted, o.log, desktopChannels.printers, async () =>
      (await (event.sender as Printable).getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName || p.name })),
    )(event),
  );
}
