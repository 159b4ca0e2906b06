import type { CSSProperties } from 'react';
import type { SaleView, SessionView, Settings } from '../../shared/domain';
import { formatBytes, formatDuration, formatMoney } from '../../shared/format';
import { loginLink } from '../lib/qr';
import { VALIDITY_STARTS } from '../../shared/engine/remaining';
import { Brand, WifiHelp } from './brand';
import './voucher-slip.css';

/** What the slip's QR code opens: the Hotspot login page with the voucher filled in (none for MAC login or without a login page). */
export function slipLink(session: SessionView, settings: Settings): string | null {
  return session.login === 'voucher' ? loginLink(settings.hotspot.loginUrl, session.voucherCode, session.password) : null;
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
export function paidBy(sale: Pick<SaleView, 'paymentMethod' | 'wallet' | 'paymentRef'>): string | null {
  if (sale.paymentMethod !== 'e-wallet' && sale.paymentMethod !== 'coin') return null;
  const by = sale.paymentMethod === 'coin' ? 'Paid at the coin slot' : `Paid by ${sale.wallet ?? 'e-wallet'}`;
  return sale.paymentRef ? `${by} · Ref ${sale.paymentRef}` : by;
}

/** The printed slip: café, package, credentials, QR of the login link (`qr`, an image URL), what the voucher allows. */
export function VoucherSlip({ sale, session, settings, qr, reprint }: { sale: SaleView; session: SessionView; settings: Settings; qr: string | null; reprint?: Reprint | undefined }) {
  const money = (m: number) => formatMoney(m, settings.money);
  const rules: string[] = [];
  if (session.timeLimitS !== null) rules.push(`${formatDuration(session.timeLimitS)} online (counted only while connected)`);
  if (session.dataLimitBytes !== null) rules.push(`${formatBytes(session.dataLimitBytes)} of data`);
  if (session.validityS !== null) rules.push(`valid ${formatDuration(session.validityS)} ${VALIDITY_STARTS}`);
  rules.push(session.deviceLimit === 1 ? 'one device at a time' : `${session.deviceLimit} devices at a time`);
  const payment = paidBy(sale);
  const samePassword = session.password === session.voucherCode;
  const date = (at: number) => new Date(at).toLocaleDateString(settings.money.locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return (
    <article className={`slip slip-${settings.cafe.receiptWidthMm}`} aria-label="Voucher slip">
      {reprint ? (
        <div className="slip-reprint">
          <strong>REPRINT</strong>
          <div>
            {new Date(reprint.at).toLocaleString(settings.money.locale)} · {reprint.operatorName}
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
          <div>Device</div>
          {session.mac ? <Credential text={session.mac} /> : null}
          <div>logs in by itself</div>
        </div>
      ) : (
        <div className="slip-code">
          <div>Voucher</div>
          <Credential text={session.voucherCode} />
          {samePassword ? <div className="slip-small">(also the password)</div> : (
            <>
              <div>Password</div>
              <Credential text={session.password} />
            </>
          )}
        </div>
      )}
      {/* A MAC-login device still joins the WiFi, but types no code. */}
      <WifiHelp branding={session.login === 'voucher' ? settings.branding : { ...settings.branding, howToConnect: '' }} />
      {qr ? (
        <div className="slip-qr">
          <img src={qr} alt="QR code of the login link" />
          <div className="slip-small">Scan to log in</div>
        </div>
      ) : null}
      <ul className="slip-rules">
        {rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {session.unusedExpiresAt !== null && session.state === 'PENDING' ? <div className="slip-use-by">Use by {date(session.unusedExpiresAt)} or it expires</div> : null}
      <div className="slip-sale">
        <span>{money(sale.priceMinor)}</span>
        <span>paid {money(sale.paidMinor)}</span>
        {sale.changeMinor > 0 ? <span>change {money(sale.changeMinor)}</span> : null}
      </div>
      {payment ? <div className="slip-paid-by">{payment}</div> : null}
      <div className="slip-small">
        #{sale.id} · {new Date(sale.createdAt).toLocaleString(settings.money.locale)} · {sale.operatorName}
      </div>
      {settings.cafe.receiptFooter ? <footer>{settings.cafe.receiptFooter}</footer> : null}
    </article>
  );
}
