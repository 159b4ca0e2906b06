import { useEffect, useMemo, useRef, useState } from 'react';
import { allot } from '../../../shared/engine/allot';
import type { PackageView, SaleView, SessionView } from '../../../shared/domain';
import { formatBytes, formatDuration } from '../../../shared/format';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { keepFocus } from '../../components/keypad';
import { PaymentKeypad, usePaymentTyping } from '../../components/payment-keypad';
import { Charged, PaymentFields, paymentErrors, paymentRequest, useWallets } from '../../components/payment-chips';
import { Empty } from '../../components/states';
import { useT } from '../../i18n';
import { shortcutAllowed, typing } from '../../lib/keys';
import { describeLimits, noAmount, parseMoney, useMoney, useMoneyFormat } from '../../lib/format';
import { api, isAdmin, useSignIn } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { SlipDialog } from '../../components/slip-dialog';

/** The home screen: pick a package (or press its number), take the money, sell, print the voucher. */
export function SellScreen() {
  const packages = useData((s) => s.packages);
  const settings = useData((s) => s.settings);
  const admin = useSignIn(isAdmin);
  const t = useT();
  const [selectedId, setSelected] = useState<number | null>(null);
  // A package retired or changed meanwhile: follow the current list.
  const selected = packages.find((p) => p.id === selectedId) ?? null;
  const [sold, setSold] = useState<Sold | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Keys sent inside the sale form are the form's (a digit after a tap on a chip is part of an amount).
      if (typing(e) || sold || !shortcutAllowed(e) || (e.target instanceof Element && e.target.closest('form.sale'))) return;
      // The package's own key (kept when others are added or retired), not its place in the list.
      const pkg = /^[1-9]$/.test(e.key) ? packages.find((p) => p.hotkey === Number(e.key)) : undefined;
      if (pkg) {
        e.preventDefault();
        setSelected(pkg.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [packages, sold]);

  if (!settings) return null;
  if (packages.length === 0) {
    return (
      <Empty title={t('sell.noPackages')}>
        {admin ? (
          <Button kind="primary" onClick={() => useUi.getState().go('settings')}>
            {t('sell.addPackages')}
          </Button>
        ) : (
          t('sell.adminAdds')
        )}
      </Empty>
    );
  }
  return (
    <div className="sell">
      <section className="package-grid" aria-label={t('sell.packages')}>
        {packages.map((p) => (
          <PackageButton key={p.id} pkg={p} active={selected?.id === p.id} onClick={() => setSelected(p.id)} />
        ))}
      </section>
      <section className="sale-panel" aria-label={t('sell.sale')}>
        {selected ? (
          <SalePanel key={selected.id} pkg={selected} onSold={setSold} onCancel={() => setSelected(null)} />
        ) : (
          <Empty title={t('sell.pick')}>{t('sell.pickHelp')}</Empty>
        )}
      </section>
      {sold ? (
        <SlipDialog
          sale={sold.sale}
          session={sold.session}
          print={sold.print}
          onClose={() => {
            setSold(null);
            setSelected(null);
          }}
        />
      ) : null}
    </div>
  );
}

function PackageButton({ pkg, active, onClick }: { pkg: PackageView; active: boolean; onClick: () => void }) {
  const money = useMoney();
  const t = useT();
  return (
    <button type="button" className={`package${active ? ' package-active' : ''}`} onClick={onClick} aria-pressed={active} aria-keyshortcuts={pkg.hotkey !== null ? String(pkg.hotkey) : undefined}>
      {pkg.hotkey !== null ? <kbd className="package-key" title={t('sell.pressKey', { key: String(pkg.hotkey) })}>{pkg.hotkey}</kbd> : null}
      <span className="package-name">{pkg.name}</span>
      <span className="package-price">{pkg.pricing === 'per_unit' ? t('sell.perUnit', { price: money(pkg.priceMinor) }) : money(pkg.priceMinor)}</span>
      <span className="package-limits">{describeLimits(pkg)}</span>
    </button>
  );
}

interface Sold {
  sale: SaleView;
  session: SessionView;
  /** Print the slip as soon as it is ready (Sell and print). */
  print: boolean;
}

/**
 * The request id of this sale form, for as long as it is on screen: it shows one customer's sale
 * and goes away with "Next customer". Sent again (a double press, Enter again, a retry after a
 * lost answer) the core answers with the first sale instead of making a second; sent again
 * with other terms after a lost answer, the core refuses and names the sale it recorded.
 */
function useRequestId(): string {
  const [id] = useState(() => crypto.randomUUID());
  return id;
}

function SalePanel({ pkg, onSold, onCancel }: { pkg: PackageView; onSold: (r: Sold) => void; onCancel: () => void }) {
  const fmt = useMoneyFormat();
  const money = useMoney();
  const t = useT();
  const perUnit = pkg.pricing === 'per_unit';
  // What the keypad types into first: the amount, or what the customer handed over.
  const typing = usePaymentTyping(perUnit ? 'amount' : 'paid');
  const { amountText, setAmountText, paidText, setPaidText, payment, setPayment, setEditing } = typing;
  const wallets = useWallets();
  const [more, setMore] = useState(false);
  const [pcUser, setPcUser] = useState('');
  const [pcStation, setPcStation] = useState('');
  const [mac, setMac] = useState('');
  const requestId = useRequestId();
  const form = useForm();
  const paidInput = useRef<HTMLInputElement>(null);
  const amountInput = useRef<HTMLInputElement>(null);
  const moreRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const amount = perUnit ? parseMoney(amountText, fmt) : pkg.priceMinor;
  // Only cash is handed over and given change: any other method is charged the amount exactly.
  const cash = payment.method === 'cash';
  const paid = !cash || paidText === '' ? amount : parseMoney(paidText, fmt);
  const change = amount !== null && paid !== null ? paid - amount : null;
  // What the amount buys, computed by the same rule the core sells with.
  const grant = useMemo(() => {
    if (!perUnit || amount === null) return null;
    const r = allot(pkg, amount, money);
    if (!r.ok) return null;
    const parts: string[] = [];
    if (r.allotment.timeS !== null) parts.push(formatDuration(r.allotment.timeS));
    if (r.allotment.dataBytes !== null) parts.push(formatBytes(r.allotment.dataBytes));
    return parts.join(' + ');
  }, [perUnit, amount, pkg, money]);

  // The first thing to type: how much to sell (per-unit packages), else what the customer handed over.
  useEffect(() => (perUnit ? amountInput : paidInput).current?.focus(), [perUnit]);
  // The focused field went away with its payment method (an e-wallet's reference, "Received"): back to the first one,
  // or to the form itself while there is none, so a digit typed next never picks a package and Enter still sells.
  useEffect(() => {
    const focused = document.activeElement;
    if (focused === document.body || focused === formRef.current) ((perUnit ? amountInput : paidInput).current ?? formRef.current)?.focus({ preventScroll: true });
  }, [payment.method, perUnit]);
  // The PC / MAC fields open below the keypad: bring them into view (the Sell buttons stay put).
  useEffect(() => {
    if (more) moreRef.current?.scrollIntoView({ block: 'nearest' });
  }, [more]);

  const sell = (print: boolean) =>
    form.submit(async () => {
      if (perUnit && amount === null) return form.set({ amountMinor: noAmount(amountText, fmt, t('sell.typeAmount')) });
      // Every problem at once, next to its field: the amount and the e-wallet's reference.
      const own = { ...(paid === null ? { paidMinor: noAmount(paidText, fmt, t('sell.typeReceived')) } : {}), ...paymentErrors(payment, wallets) };
      if (paid === null || Object.keys(own).length) return form.set(own);
      const input = {
        packageId: pkg.id,
        ...(perUnit ? { amountMinor: amount! } : {}),
        paidMinor: paid,
        ...paymentRequest(payment, wallets),
        ...(pcUser.trim() ? { pcUser: pcUser.trim() } : {}),
        ...(pcStation.trim() ? { pcStation: pcStation.trim() } : {}),
        ...(mac.trim() ? { mac: mac.trim() } : {}),
      };
      const r = await api()['sales.sell']({ ...input, requestId });
      useUi.getState().toast('ok', t('sell.sold', { package: r.session.packageName, code: r.session.voucherCode }));
      onSold({ ...r, print });
    });

  // An error already shown next to its field is not repeated below the form (it would push the fields out of view).
  const shownFields = [...(perUnit ? ['amountMinor'] : []), 'paidMinor', ...(payment.method === 'e-wallet' ? ['wallet', 'paymentRef'] : []), ...(more ? ['pcUser', 'pcStation', 'mac'] : [])];
  const repeated = !form.errors._ && Object.keys(form.errors).some((f) => shownFields.includes(f));
  const general = repeated ? null : form.general;
  return (
    <form
      id={form.id}
      ref={formRef}
      // Focusable: with no field left to type in (a fixed price paid by card), the keys still go to the form.
      tabIndex={-1}
      className="sale"
      onSubmit={(e) => {
        e.preventDefault();
        void sell(true);
      }}
      onKeyDown={(e) => {
        // Enter anywhere among the fields sells, as in "Received": on a chip or the PC/MAC toggle too, never pressing it again.
        // The buttons around them (Other package, Sell) keep their own Enter.
        if (e.key !== 'Enter' || !(e.target instanceof Element) || !(e.target === e.currentTarget || e.target.closest('.sale-body')) || e.target instanceof HTMLTextAreaElement) return;
        e.preventDefault();
        e.currentTarget.requestSubmit();
      }}
    >
      <header className="sale-head">
        <div>
          <h2>{pkg.name}</h2>
          <div className="muted">{describeLimits(pkg)}</div>
        </div>
        <Button kind="ghost" size="sm" onClick={onCancel}>
          {t('sell.otherPackage')}
        </Button>
      </header>
      {/* Only this part scrolls when it is taller than the screen: the Sell buttons below are always in view. */}
      <div className="sale-body">
        {perUnit ? (
          <Field label={t('sell.amountToSell', { price: money(pkg.priceMinor) })} error={form.errors.amountMinor} hint={grant ? t('sell.gives', { grant }) : undefined}>
            {(p) => (
              <input {...p} ref={amountInput} className="money-input" inputMode="decimal" value={amountText} onFocus={() => setEditing('amount')} onChange={(e) => setAmountText(e.target.value)} placeholder={money(pkg.priceMinor)} />
            )}
          </Field>
        ) : (
          <div className="sale-price">
            <span>{t('sell.price')}</span>
            <strong>{money(pkg.priceMinor)}</strong>
          </div>
        )}
        {cash ? (
          <>
            <Field label={t('sell.received')} error={form.errors.paidMinor}>
              {(p) => (
                <input
                  {...p}
                  ref={paidInput}
                  className="money-input"
                  inputMode="decimal"
                  value={paidText}
                  placeholder={amount !== null ? money(amount) : ''}
                  onFocus={() => setEditing('paid')}
                  onChange={(e) => setPaidText(e.target.value)}
                />
              )}
            </Field>
            <div className={`change${change !== null && change < 0 ? ' change-short' : ''}`} aria-live="polite">
              <span>{change !== null && change < 0 ? t('sell.shortBy') : t('sell.change')}</span>
              <strong>{change === null ? '–' : money(Math.abs(change))}</strong>
            </div>
          </>
        ) : (
          <Charged amount={amount} error={form.errors.paidMinor} />
        )}
        <PaymentKeypad typing={typing} perUnit={perUnit} amount={amount} unitPrice={pkg.priceMinor} form={form} />
        <PaymentFields
          value={payment}
          onChange={setPayment}
          form={form}
          onRefFocus={() => setEditing('ref')}
        />
        <button type="button" className="link sale-more-toggle" aria-expanded={more} onMouseDown={keepFocus} onClick={() => setMore(!more)}>
          {more ? t('sell.fewerOptions') : t('sell.moreOptions')}
        </button>
        {more ? (
          <div className="sale-more" ref={moreRef}>
            <Field label={t('sell.pcUser')} error={form.errors.pcUser} hint={t('sell.pcUserHint')}>
              {(p) => <input {...p} value={pcUser} onChange={(e) => setPcUser(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('sell.pcStation')} error={form.errors.pcStation}>
              {(p) => <input {...p} value={pcStation} onChange={(e) => setPcStation(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('sell.mac')} error={form.errors.mac}>
              {/* i18n-ignore: an example MAC address, not words */}
              {(p) => <input {...p} value={mac} onChange={(e) => setMac(e.target.value)} placeholder="AA:BB:CC:DD:EE:FF" autoComplete="off" />}
            </Field>
          </div>
        ) : null}
      </div>
      <FormError message={general} />
      <div className="sale-actions">
        <Button kind="plain" size="lg" busy={form.busy} onClick={() => void sell(false)}>
          {t('sell.sell')}
        </Button>
        <Button kind="primary" size="lg" busy={form.busy} type="submit">
          {t('sell.sellAndPrint')} {/* i18n-ignore: the key's name */}
          <kbd>Enter</kbd>
        </Button>
      </div>
    </form>
  );
}
