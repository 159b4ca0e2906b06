import type { CSSProperties } from 'react';
import { defaultSettings, type SaleView, type SessionView, type Settings } from '../../shared/domain';
import { formatBytes, formatDuration, formatMoney } from '../../shared/format';
import { loginLink } from '../lib/qr';
import { Brand, WifiHelp } from './brand';
import { t as tNow, useLocale, useT, type Translate } from '../i18n';
import './voucher-slip.css';

/** What the slip's QR code opens: the Hotspot login page with the voucher filled in (none for MAC login or without a login page). */
export function slipLink(session: SessionView, settings: Settings): string | null {
  return session.login === 'voucher' ? loginLink(settings.hotspot.loginUrl, session.voucherCode, session.password) : null;
}

/** The slip's last line: the café's own, or while it is still the app's "Thank you!", that in the slip's language. */
export function slipFooter(footer: string, tr: Translate): string {
  return footer === defaultSettings.cafe.receiptFooter ? tr('components.slip.thanks') : footer;
}

/** A slip printed again: when, and by which operator. */
export interface Reprint {
  at: number;
  operatorName: string;
}

/** A code, password or MAC in big letters, as big as fits the paper's width (styles.css: `--chars`). */
function Credential({ text }: { text: string }) {
  return <b style={{ '--chars': text.length } as CSSProperties}>{text}</b>;
}

/** How a sale was paid when it is worth printing: "Paid by GCash · Ref 1234 5678" (e-wallets), "Paid at the coin slot · Ref …", null for cash. */
export function paidBy(sale: Pick<SaleView, 'paymentMethod' | 'wallet' | 'paymentRef'>, tr: Translate = tNow): string | null {
  if (sale.paymentMethod !== 'e-wallet' && sale.paymentMethod !== 'coin') return null;
  const method = sale.paymentMethod === 'coin' ? 'coin' : sale.wallet !== null ? 'wallet' : 'ewallet';
  const wallet = sale.wallet ?? '';
  return sale.paymentRef ? tr('components.slip.paidByRef', { method, wallet, ref: sale.paymentRef }) : tr('components.slip.paidBy', { method, wallet });
}

/** The printed slip: café, package, credentials, QR of the login link (`qr`, an image URL), what the voucher allows. */
export function VoucherSlip({ sale, session, settings, qr, reprint }: { sale: SaleView; session: SessionView; settings: Settings; qr: string | null; reprint?: Reprint | undefined }) {
  const t = useT();
  // Dates in the slip's language (the café's): "5 Des 2026" on an Indonesian slip, whatever the currency's locale.
  const locale = useLocale();
  const money = (m: number) => formatMoney(m, settings.money);
  const rules: string[] = [];
  if (session.timeLimitS !== null) rules.push(t('format.slip.online', { duration: formatDuration(session.timeLimitS) }));
  if (session.dataLimitBytes !== null) rules.push(t('format.slip.data', { size: formatBytes(session.dataLimitBytes) }));
  // The validity counts from the first login (shared/engine/remaining: VALIDITY_STARTS).
  if (session.validityS !== null) rules.push(t('format.slip.valid', { duration: formatDuration(session.validityS) }));
  rules.push(t('format.slip.devices', { count: session.deviceLimit }));
  const payment = paidBy(sale, t);
  const samePassword = session.password === session.voucherCode;
  const date = (at: number) => new Date(at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return (
    <article className={`slip slip-${settings.cafe.receiptWidthMm}`} aria-label={t('components.slip.aria')}>
      {reprint ? (
        <div className="slip-reprint">
          <strong>{t('components.slip.reprint')}</strong>
          <div>
            {new Date(reprint.at).toLocaleString(locale)} · {reprint.operatorName}
          </div>
        </div>
      ) : null}
      <header>
        <Brand settings={settings} widthMm={settings.cafe.receiptWidthMm}>
          {settings.cafe.receiptHeader ? <div>{settings.cafe.receiptHeader}</div> : null}
        </Brand>
      </header>
      <div className="slip-package">{session.packageName}</div>
      {session.login === 'mac' ? (
        <div className="slip-code">
          <div>{t('components.label.device')}</div>
          {session.mac ? <Credential text={session.mac} /> : null}
          <div>{t('components.logsInByItself')}</div>
        </div>
      ) : (
        <div className="slip-code">
          <div>{t('components.label.voucher')}</div>
          <Credential text={session.voucherCode} />
          {samePassword ? <div className="slip-small">{t('components.alsoPassword')}</div> : (
            <>
              <div>{t('components.label.password')}</div>
              <Credential text={session.password} />
            </>
          )}
        </div>
      )}
      {/* A MAC-login device still joins the WiFi, but types no code. */}
      <WifiHelp branding={session.login === 'voucher' ? settings.branding : { ...settings.branding, howToConnect: '' }} />
      {qr ? (
        <div className="slip-qr">
          <img src={qr} alt={t('components.qrAlt')} />
          <div className="slip-small">{t('components.scanToLogIn')}</div>
        </div>
      ) : null}
      <ul className="slip-rules">
        {rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {session.unusedExpiresAt !== null && session.state === 'PENDING' ? <div className="slip-use-by">{t('components.slip.useBy', { date: date(session.unusedExpiresAt) })}</div> : null}
      <div className="slip-sale">
        <span>{money(sale.priceMinor)}</span>
        <span>{t('components.slip.paid', { amount: money(sale.paidMinor) })}</span>
        {sale.changeMinor > 0 ? <span>{t('components.slip.change', { amount: money(sale.changeMinor) })}</span> : null}
      </div>
      {payment ? <div className="slip-paid-by">{payment}</div> : null}
      <div className="slip-small">
        #{sale.id} · {new Date(sale.createdAt).toLocaleString(locale)} · {sale.operatorName}
      </div>
      {settings.cafe.receiptFooter ? <footer>{slipFooter(settings.cafe.receiptFooter, t)}</footer> : null}
    </article>
  );
}
