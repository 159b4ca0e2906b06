import { useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { BatchDetail, CardView } from '../../shared/domain';
import { useCardQrs } from '../lib/card-qr';
import { formatCount } from '../lib/format';
import { printSheet, printSlip } from '../lib/print';
import { loginLink } from '../lib/qr';
import { reportError } from '../lib/sync';
import { useData } from '../stores/data';
import { useUi } from '../stores/ui';
import { Button } from './button';
import { CardRoll, cardFace, CARDS_PER_PAGE, CardSheet, SheetPage, type PrintCard } from './card-sheet';
import { Dialog } from './dialog';
import { Tabs } from './tabs';
import { CafeLanguage, useT } from '../i18n';

export type CardPaper = 'a4' | 'roll';

/** How many cards the roll preview shows (the printer gets them all). */
const ROLL_PREVIEW = 6;

/** Whether a card is still worth printing: nobody has logged in with it and it still works (in stock, or sold upfront and unused). */
export function printable(card: Pick<CardView, 'state' | 'firstLoginAt'>): boolean {
  return card.firstLoginAt === null && (card.state === 'STOCK' || card.state === 'PENDING');
}

export interface CardsPrintDialogProps {
  batch: BatchDetail;
  /** The paper shown first. */
  paper: CardPaper;
  /** Above the preview (e.g. "40 cards generated"). */
  intro?: ReactNode;
  onClose: () => void;
}

/**
 * A batch's unused cards on screen (one A4 page at a time, or the first cards of the roll)
 * and on paper (every card, in #print-root). Print is a deliberate click; Enter closes.
 * The QR codes are made first (a moment for 2,000 cards: the progress shows).
 */
export function CardsPrintDialog({ batch, paper: initialPaper, intro, onClose }: CardsPrintDialogProps) {
  const t = useT();
  const settings = useData((s) => s.settings)!;
  const widthMm = settings.cafe.receiptWidthMm;
  const [paper, setPaper] = useState<CardPaper>(initialPaper);
  const [page, setPage] = useState(0);
  const [printing, setPrinting] = useState(false);
  const cards = useMemo(() => batch.cards.filter(printable), [batch.cards]);
  const links = useMemo(() => cards.map((c) => loginLink(settings.hotspot.loginUrl, c.code, c.password)), [cards, settings.hotspot.loginUrl]);
  const qrs = useCardQrs(links);
  const withQr = (c: CardView, i: number): PrintCard => ({ code: c.code, password: c.password, qr: qrs.shapes[i] ?? null });
  // Every card, once every QR code is made (for the printer); the same objects on every render after, so the 2,000 cards are not drawn again.
  const printCards = useMemo<PrintCard[] | null>(() => (qrs.ready ? cards.map((c, i) => ({ code: c.code, password: c.password, qr: qrs.shapes[i] ?? null })) : null), [cards, qrs.ready, qrs.shapes]);
  const face = useMemo(() => cardFace(batch, settings), [batch, settings]);
  const pageCount = Math.ceil(cards.length / CARDS_PER_PAGE);
  const shownPage = Math.min(page, Math.max(pageCount - 1, 0));
  // The page on screen as soon as its own QR codes are made (the first page of 2,000 cards at once).
  const from = shownPage * CARDS_PER_PAGE;
  const to = Math.min(from + CARDS_PER_PAGE, cards.length);
  const pageCards = qrs.done >= to ? cards.slice(from, to).map((c, i) => withQr(c, from + i)) : null;
  const rollCards = qrs.done >= Math.min(ROLL_PREVIEW, cards.length) ? cards.slice(0, ROLL_PREVIEW).map(withQr) : null;
  const left = batch.cards.length - cards.length;

  const title = t('components.cards.title', { batch: batch.id });
  const print = async () => {
    if (!printCards || printing) return;
    setPrinting(true);
    try {
      // Never a card without its logo: wait for the images in #print-root (QR codes are SVG, drawn at once).
      await Promise.all([...document.querySelectorAll<HTMLImageElement>('#print-root img')].map((img) => img.decode().catch(() => undefined)));
      await (paper === 'a4' ? printSheet() : printSlip(widthMm));
      useUi.getState().toast('ok', t('components.cards.sent', { count: cards.length, batch: batch.id }));
    } catch (err) {
      reportError(err);
    } finally {
      setPrinting(false);
      // Enter from here on is "Done", never the same sheet again.
      document.querySelector<HTMLElement>(`[role="dialog"][aria-label="${title}"] [data-autofocus]`)?.focus();
    }
  };

  const printout = printCards === null ? null : <CafeLanguage>{paper === 'a4' ? <CardSheet cards={printCards} face={face} batch={batch} /> : <CardRoll cards={printCards} face={face} widthMm={widthMm} />}</CafeLanguage>;
  return (
    <>
      <Dialog
        title={title}
        onClose={onClose}
        wide
        returnFocus={false}
        // The cards just made (sold, maybe): a stray click beside the dialog does not hide them.
        closeOnBackdrop={false}
        footer={
          <>
            <Button kind="plain" size="lg" busy={printing} disabled={!printCards || cards.length === 0} onClick={() => void print()}>
              {paper === 'a4' ? t('components.cards.printPages', { count: pageCount }) : t('components.cards.printRoll', { count: cards.length })}
            </Button>
            <Button kind="primary" size="lg" onClick={onClose} data-autofocus>
              {t('common.done')}
            </Button>
          </>
        }
      >
        {intro}
        <div className="cards-toolbar">
          <Tabs
            label={t('components.cards.paper')}
            value={paper}
            onChange={setPaper}
            tabs={[
              { id: 'a4', label: t('components.cards.a4') },
              { id: 'roll', label: t('components.cards.rollTab', { width: widthMm }) },
            ]}
          />
          {paper === 'a4' && pageCount > 1 ? (
            <div className="cards-pager" role="group" aria-label={t('components.cards.previewPage')}>
              <Button kind="plain" size="sm" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)} aria-label={t('components.cards.previousPage')}>
                ‹
              </Button>
              <span>{t('components.cards.page', { page: shownPage + 1, pages: pageCount })}</span>
              <Button kind="plain" size="sm" disabled={shownPage >= pageCount - 1} onClick={() => setPage(shownPage + 1)} aria-label={t('components.cards.nextPage')}>
                ›
              </Button>
            </div>
          ) : null}
        </div>
        <p className="muted small">
          {t('components.cards.summary', { count: cards.length, package: batch.packageName, left, paper, perPage: CARDS_PER_PAGE })}
          {settings.hotspot.loginUrl ? null : <> {t('components.cards.noQr')}</>}
        </p>
        <div className="cards-preview" aria-label={t('components.cards.preview')}>
          {cards.length === 0 ? (
            <p>{t('components.cards.noneLeft')}</p>
          ) : paper === 'a4' && pageCards ? (
            <SheetPage cards={pageCards} face={face} page={shownPage + 1} pages={pageCount} batch={batch} />
          ) : paper === 'roll' && rollCards ? (
            <>
              <CafeLanguage>
                <CardRoll cards={rollCards} face={face} widthMm={widthMm} />
              </CafeLanguage>
              {cards.length > ROLL_PREVIEW ? <p className="muted">{t('components.cards.more', { count: cards.length - ROLL_PREVIEW })}</p> : null}
            </>
          ) : null}
          {cards.length > 0 && !qrs.ready ? (
            <div className="state state-loading" role="status">
              <span className="spinner" aria-hidden /> {t('components.cards.preparing', { count: formatCount(cards.length), percent: Math.floor((qrs.done / cards.length) * 100) })}
            </div>
          ) : null}
        </div>
      </Dialog>
      {printout ? createPortal(printout, document.getElementById('print-root')!) : null}
    </>
  );
}
