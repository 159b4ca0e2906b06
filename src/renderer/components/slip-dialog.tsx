import { useEffect, useRef } from 'react';
import type { SaleView, SessionView } from '../../shared/domain';
import { printSlip } from '../lib/print';
import { useQr } from '../lib/qr';
import { reportError } from '../lib/sync';
import { useData } from '../stores/data';
import { Button } from './button';
import { PrintoutDialog } from './printout-dialog';
import { slipLink, VoucherSlip, type Reprint } from './voucher-slip';
import { CafeLanguage, useT } from '../i18n';

export interface SlipDialogProps {
  sale: SaleView;
  session: SessionView;
  /** Print as soon as the slip is ready (QR code drawn), exactly once. */
  print: boolean;
  /** A slip printed again: marked REPRINT with when and by whom. */
  reprint?: Reprint | undefined;
  onClose: () => void;
}

/** The voucher slip on screen and on paper: after a sale ("Next customer") or as a reprint. */
export function SlipDialog({ sale, session, print, reprint, onClose }: SlipDialogProps) {
  const t = useT();
  const settings = useData((s) => s.settings)!;
  const width = settings.cafe.receiptWidthMm;
  const link = slipLink(session, settings);
  const qr = useQr(link);
  const ready = link === null || qr !== null;
  const printed = useRef(false);
  // Never a slip without its QR code: print once it is drawn, exactly once.
  useEffect(() => {
    if (!print || !ready || printed.current) return;
    printed.current = true;
    // The logo and the QR code both decoded: never a slip printed with a hole in it.
    const images = [...document.querySelectorAll<HTMLImageElement>('#print-root img')].map((img) => img.decode().catch(() => undefined));
    void Promise.all(images).then(() => printSlip(width)).catch(reportError);
  }, [print, ready, width]);
  const slip = (
    <CafeLanguage>
      <VoucherSlip sale={sale} session={session} settings={settings} qr={qr} reprint={reprint} />
    </CafeLanguage>
  );
  const printAgain = (
    <Button kind="plain" size="lg" disabled={!ready} onClick={() => void printSlip(width).catch(reportError)}>
      {t('components.printAgain')}
    </Button>
  );
  // Enter on the slip means "Next customer", never another sale.
  return (
    <PrintoutDialog title={t(reprint ? 'components.slip.titleReprint' : 'components.slip.title')} print={printAgain} done={t(reprint ? 'common.done' : 'components.slip.next')} onClose={onClose}>
      {slip}
    </PrintoutDialog>
  );
}
