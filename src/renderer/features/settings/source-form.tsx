import { useState } from 'react';
import { PaymentSourceInput, PaymentSourceUpdate, type PackageView, type PaymentSourceKind, type PaymentSourceView, type RouterView } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { minorDigits, parseMoney, useMoney, useMoneyFormat } from '../../lib/format';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';
import { keyFromName, sourceKinds } from './payment-sources';

interface Draft {
  name: string;
  /** Typed by the admin; null: the one suggested from the name. */
  key: string | null;
  kind: PaymentSourceKind;
  packageIds: number[];
  defaultPackageId: number | null;
  cap: string;
  routerId: number | null;
}

function draftOf(s: PaymentSourceView | null, digits: number): Draft {
  return {
    name: s?.name ?? '',
    key: s?.key ?? null,
    kind: s?.kind ?? 'coin',
    packageIds: s?.packageIds ?? [],
    defaultPackageId: s?.defaultPackageId ?? null,
    cap: s && s.dailyCapMinor !== null ? (s.dailyCapMinor / 10 ** digits).toFixed(digits) : '',
    routerId: s?.routerId ?? null,
  };
}

export interface SourceFormProps {
  source: PaymentSourceView | null;
  /** Every package, retired ones too (a source may still list one). */
  packages: PackageView[];
  routers: RouterView[];
  onClose: () => void;
  /** A new source was added: its secret, to show once. */
  onCreated: (source: PaymentSourceView, secret: string) => void;
}

/** Adds or edits a payment source: its name and key, what it sells (and by default), a daily cap, the router its customers are on. */
export function SourceForm({ source, packages, routers, onClose, onCreated }: SourceFormProps) {
  const fmt = useMoneyFormat();
  const money = useMoney();
  const [d, setD] = useState(() => draftOf(source, minorDigits(fmt)));
  const form = useForm();
  // A field changed: its error (and the default's, which follows the packages) goes; the others stay until the next try.
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    // The suggested key follows the name.
    const fields = { name: d.key === null ? ['name', 'key'] : ['name'], key: ['key'], kind: ['kind'], packageIds: ['packageIds', 'defaultPackageId'], defaultPackageId: ['defaultPackageId'], cap: ['dailyCapMinor'], routerId: ['routerId'] }[k];
    if (fields.some((f) => form.errors[f])) form.set(Object.fromEntries(Object.entries(form.errors).filter(([f]) => !fields.includes(f))));
  };
  const key = d.key ?? keyFromName(d.name);
  // The default is one it may sell: the one picked while it is ticked, else the first ticked.
  const defaultId = d.defaultPackageId !== null && d.packageIds.includes(d.defaultPackageId) ? d.defaultPackageId : (d.packageIds[0] ?? null);
  // Retired packages only while this source still lists them (to take them off).
  const offered = packages.filter((p) => p.active || d.packageIds.includes(p.id));
  const chosen = offered.filter((p) => d.packageIds.includes(p.id));
  const price = (p: PackageView) => (p.pricing === 'per_unit' ? `${money(p.priceMinor)} per unit` : money(p.priceMinor));
  const toggle = (id: number, on: boolean) => set('packageIds', on ? [...d.packageIds, id] : d.packageIds.filter((x) => x !== id));

  const save = () =>
    form.submit(async () => {
      // What the form cannot read stands in as a valid value, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const cap = d.cap.trim() === '' ? null : parseMoney(d.cap, fmt);
      if (d.cap.trim() !== '' && cap === null) own.dailyCapMinor = 'An amount, e.g. 500, or empty for no cap';
      const fields = {
        name: d.name,
        kind: d.kind,
        packageIds: d.packageIds,
        defaultPackageId: defaultId ?? packages[0]?.id ?? 1,
        dailyCapMinor: d.cap.trim() === '' ? null : (cap ?? 1),
        routerId: d.routerId,
      };
      const errors = source ? allErrors(PaymentSourceUpdate, { id: source.id, ...fields }, own) : allErrors(PaymentSourceInput, { key, ...fields }, own);
      // No package ticked: there is no default to pick yet; no name: no key suggested yet. One message is enough.
      if (errors.packageIds) delete errors.defaultPackageId;
      if (errors.name && d.key === null && key === '') delete errors.key;
      if (Object.keys(errors).length) return form.set(errors);
      if (source) {
        const saved = await api()['paymentSources.update']({ id: source.id, ...fields });
        useUi.getState().toast('ok', `Saved ${saved.name}`);
        onClose();
      } else {
        const created = await api()['paymentSources.create']({ key, ...fields });
        onCreated(created.source, created.secret);
      }
    });

  const e = form.errors;
  return (
    <FormDialog title={source ? `Edit ${source.name}` : 'Add a payment source'} submit={source ? 'Save' : 'Add source'} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label="Name" error={e.name} hint="As the owner calls it, e.g. “Coin slot by the door”">
        {(p) => <input {...p} value={d.name} onChange={(ev) => set('name', ev.target.value)} placeholder="Coin slot by the door" />}
      </Field>
      <Field label="Key" error={e.key} hint={source ? 'Fixed: the device sends it with every event' : 'The device sends it as its "source"; lower-case letters, digits and dashes; fixed once added'}>
        {(p) => <input {...p} className="mono" value={key} readOnly={source !== null} onChange={(ev) => set('key', ev.target.value)} placeholder="coin-door" autoComplete="off" spellCheck={false} maxLength={32} />}
      </Field>
      <Field label="Kind" error={e.kind}>
        {(p) => (
          <select {...p} value={d.kind} onChange={(ev) => set('kind', ev.target.value as PaymentSourceKind)}>
            {Object.entries(sourceKinds).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Router its customers are on" error={e.routerId} hint="The gate opens there over the router's API; otherwise the login page logs the device in">
        {(p) => (
          <select {...p} value={d.routerId ?? ''} onChange={(ev) => set('routerId', ev.target.value === '' ? null : Number(ev.target.value))}>
            <option value="">Any router with API access</option>
            {routers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.api ? '' : ' (no API access)'}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className={`span-2 source-packages${e.packageIds ? ' field-error' : ''}`} aria-describedby="source-packages-note">
        <legend>Packages it may sell</legend>
        {offered.length === 0 ? <p className="muted">No packages yet: add them in Settings → Packages.</p> : null}
        <div className="source-package-list">
          {offered.map((p) => (
            <label key={p.id} className="checkbox">
              <input type="checkbox" checked={d.packageIds.includes(p.id)} onChange={(ev) => toggle(p.id, ev.target.checked)} />
              <span>
                {p.name} <span className="muted">{price(p)}</span> {p.active ? null : <span className="tag">retired</span>}
              </span>
            </label>
          ))}
        </div>
        {e.packageIds ? (
          <div id="source-packages-note" className="field-message" role="alert">
            {e.packageIds}
          </div>
        ) : (
          <div id="source-packages-note" className="field-hint">
            An event names one of them, or gets the default. A per-unit package (e.g. “{money(500)} per 100 MB”) sells whatever was paid.
          </div>
        )}
      </fieldset>
      <Field label="Default package" error={e.defaultPackageId} hint="What an event that names no package buys">
        {(p) => (
          <select {...p} value={defaultId ?? ''} disabled={chosen.length === 0} onChange={(ev) => set('defaultPackageId', Number(ev.target.value))}>
            {chosen.length === 0 ? <option value="">Tick its packages first</option> : null}
            {chosen.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} — {price(x)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Daily cap" error={e.dailyCapMinor} hint="Its events are refused once this much was taken today; empty: no cap">
        {(p) => <input {...p} inputMode="decimal" value={d.cap} onChange={(ev) => set('cap', ev.target.value)} placeholder="no cap" />}
      </Field>
    </FormDialog>
  );
}
