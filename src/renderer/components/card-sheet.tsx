/**
 * Voucher cards as they are printed: an A4 sheet of 4 × 8 cards (about 48 × 34 mm) with
 * cut lines between them, or one card after another on the receipt roll with a cut line
 * between cards. Each card: the café (and its logo), the package and its price, the WiFi
 * name, the code (and the password in code + password mode) and a QR code of the Hotspot
 * login link with the code filled in. Laid out in millimetres (card-sheet.css).
 */
import { memo, type CSSProperties } from 'react';
import type { BatchView, Settings } from '../../shared/domain';
import { formatMoney } from '../../shared/format';
import type { QrShape } from '../lib/card-qr';
import { useT } from '../i18n';
import './card-sheet.css';

export const SHEET_COLUMNS = 4;
export const SHEET_ROWS = 8;
export const CARDS_PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;

/** A card to print: its credentials and the QR code of its login link (null: no login page set). */
export interface PrintCard {
  code: string;
  password: string;
  qr: QrShape | null;
}

/** What every card of a batch shows besides its credentials. */
export interface CardFace {
  cafe: string;
  logo: string;
  ssid: string;
  howToConnect: string;
  packageName: string;
  price: string;
  /** Code + password: the password is printed under the code. */
  withPassword: boolean;
  /** How many lines the A4 card gives the café's name and the package's (the rest of its 20 mm beside the QR code is logo, price and WiFi name). */
  lines: { cafe: number; package: number };
}

/** Characters of "WiFi: <name>" that fit one line of the A4 card's text column (6 pt). */
const SSID_LINE = 20;

/**
 * The A4 card's text column is as tall as its QR code (20 mm): the price always shows, the
 * WiFi name always whole (one or two lines), and the café's and the package's names get
 * the lines left (a logo takes one, and names beyond their lines end in "…").
 */
function textLines(logo: boolean, ssid: string): CardFace['lines'] {
  const ssidLines = !ssid ? 0 : `WiFi: ${ssid}`.length > SSID_LINE ? 2 : 1;
  if (logo) return { cafe: ssidLines === 2 ? 1 : 2, package: 1 };
  return { cafe: ssidLines === 2 ? 1 : 2, package: 2 };
}

/** The face of a batch's cards from the settings. */
export function cardFace(batch: Pick<BatchView, 'packageName' | 'priceMinor' | 'mode'>, settings: Settings): CardFace {
  return {
    cafe: settings.cafe.name,
    logo: settings.branding.logo,
    ssid: settings.branding.ssid,
    howToConnect: settings.branding.howToConnect,
    packageName: batch.packageName,
    price: formatMoney(batch.priceMinor, settings.money),
    withPassword: batch.mode === 'code+password',
    lines: textLines(settings.branding.logo !== '', settings.branding.ssid),
  };
}

/** The cards split into pages of `perPage`: every page full but the last. */
export function sheetPages<T>(cards: readonly T[], perPage = CARDS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < cards.length; i += perPage) pages.push(cards.slice(i, i + perPage));
  return pages;
}

/** A QR code, crisp at any size (one path, no image to decode), with a module of white around it (a card's cut edge is close). */
function Qr({ shape, className }: { shape: QrShape; className: string }) {
  const t = useT();
  return (
    <svg className={className} viewBox={`-1 -1 ${shape.size + 2} ${shape.size + 2}`} shapeRendering="crispEdges" role="img" aria-label={t('components.qrAlt')}>
      <path d={shape.d} stroke="#000" strokeWidth={1} fill="none" />
    </svg>
  );
}

/** A code or password, as big as fits (card-sheet.css: `--chars`). */
function Secret({ label, text }: { label: string; text: string }) {
  return (
    <div className="vcard-secret">
      <span>{label}</span>
      <b style={{ '--chars': text.length } as CSSProperties}>{text}</b>
    </div>
  );
}

/** One card of the A4 sheet. */
const SheetCard = memo(function SheetCard({ card, face }: { card: PrintCard; face: CardFace }) {
  const t = useT();
  return (
    <div className={`vcard${card.qr ? '' : ' vcard-noqr'}`} data-code={card.code} style={{ '--cafe-lines': face.lines.cafe, '--package-lines': face.lines.package } as CSSProperties}>
      <div className="vcard-info">
        {face.logo ? <img className="vcard-logo" src={face.logo} alt="" /> : null}
        <div className="vcard-cafe">{face.cafe}</div>
        <div className="vcard-package">{face.packageName}</div>
        <div className="vcard-price">{face.price}</div>
        {/* i18n-ignore: "WiFi" is the same word everywhere */}
        {face.ssid ? <div className="vcard-ssid">WiFi: {face.ssid}</div> : null}
      </div>
      {card.qr ? <Qr shape={card.qr} className="vcard-qr" /> : null}
      <div className={`vcard-secrets${face.withPassword ? ' vcard-secrets-2' : ''}`}>
        <Secret label={t(face.withPassword ? 'components.label.code' : 'components.label.voucher')} text={card.code} />
        {face.withPassword ? <Secret label={t('components.label.password')} text={card.password} /> : null}
      </div>
    </div>
  );
});

/** One A4 page: a full grid of cards (the last page may have fewer) and a small line saying which page of which batch. */
export function SheetPage({ cards, face, page, pages, batch }: { cards: PrintCard[]; face: CardFace; page: number; pages: number; batch: Pick<BatchView, 'id' | 'label'> }) {
  const t = useT();
  return (
    <section className="sheet-page" aria-label={t('components.cards.page', { page, pages })}>
      <div className="sheet-grid">
        {cards.map((c) => (
          <SheetCard key={c.code} card={c} face={face} />
        ))}
      </div>
      <footer className="sheet-mark">{t('components.cards.footer', { page, pages, batch: batch.id, hasLabel: batch.label ? 'yes' : 'no', label: batch.label ?? '', package: face.packageName })}</footer>
    </section>
  );
}

/** The whole batch on A4 sheets, page after page (for the printer; the preview shows one page). */
export function CardSheet({ cards, face, batch }: { cards: PrintCard[]; face: CardFace; batch: Pick<BatchView, 'id' | 'label'> }) {
  const t = useT();
  const pages = sheetPages(cards);
  return (
    <div className="card-sheet" aria-label={t('components.cards.sheet')}>
      {pages.map((p, i) => (
        <SheetPage key={i} cards={p} face={face} page={i + 1} pages={pages.length} batch={batch} />
      ))}
    </div>
  );
}

/** One card on the receipt roll. */
const RollCard = memo(function RollCard({ card, face }: { card: PrintCard; face: CardFace }) {
  const t = useT();
  return (
    <div className="roll-card" data-code={card.code}>
      <header>
        {face.logo ? <img src={face.logo} alt="" /> : null}
        <strong>{face.cafe}</strong>
      </header>
      <div className="roll-package">
        {face.packageName} · {face.price}
      </div>
      <Secret label={t(face.withPassword ? 'components.label.code' : 'components.label.voucher')} text={card.code} />
      {face.withPassword ? <Secret label={t('components.label.password')} text={card.password} /> : <div className="roll-small">{t('components.alsoPassword')}</div>}
      {card.qr ? (
        <div className="roll-qr">
          <Qr shape={card.qr} className="roll-qr-code" />
          <div className="roll-small">{t('components.scanToLogIn')}</div>
        </div>
      ) : null}
      {/* i18n-ignore: "WiFi" is the same word everywhere */}
      {face.ssid ? <div>WiFi: {face.ssid}</div> : null}
      {face.howToConnect ? <div className="roll-small">{face.howToConnect}</div> : null}
    </div>
  );
});

/** The cards one after another for the 58 or 80 mm roll, a cut line between them. */
export function CardRoll({ cards, face, widthMm }: { cards: PrintCard[]; face: CardFace; widthMm: 58 | 80 }) {
  const t = useT();
  return (
    <div className={`card-roll card-roll-${widthMm}`} aria-label={t('components.cards.roll', { width: widthMm })}>
      {cards.map((c) => (
        <RollCard key={c.code} card={c} face={face} />
      ))}
    </div>
  );
}
