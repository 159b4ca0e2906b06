import { useState } from 'react';
import { PaymentSourceInput, PaymentSourceUpdate, type PackageView, type PaymentSourceKind, type PaymentSourceView, type RouterView } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { minorDigits, parseMoney, useMoney, useMoneyFormat } from '../../lib/format';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';
import { useT } from '../../i18n';
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
  const t = useT();
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
  const price = (p: PackageView) => (p.pricing === 'per_unit' ? t('routers.sourceForm.perUnit', { price: money(p.priceMinor) }) : money(p.priceMinor));
  const toggle = (id: number, on: boolean) => set('packageIds', on ? [...d.packageIds, id] : d.packageIds.filter((x) => x !== id));

  const save = () =>
    form.submit(async () => {
      // What the form cannot read stands in as a valid value, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const cap = d.cap.trim() === '' ? null : parseMoney(d.cap, fmt);
      if (d.cap.trim() !== '' && cap === null) own.dailyCapMinor = t('routers.sourceForm.capInvalid');
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
        useUi.getState().toast('ok', t('routers.sourceForm.saved', { name: saved.name }));
        onClose();
      } else {
        const created = await api()['paymentSources.create']({ key, ...fields });
        onCreated(created.source, created.secret);
      }
    });

  const e = form.errors;
  return (
    <FormDialog title={source ? t('routers.sourceForm.editTitle', { name: source.name }) : t('routers.sourceForm.addTitle')} submit={source ? t('common.save') : t('routers.self.add')} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label={t('common.name')} error={e.name} hint={t('routers.sourceForm.nameHint')}>
        {(p) => <input {...p} value={d.name} onChange={(ev) => set('name', ev.target.value)} placeholder={t('routers.sourceForm.namePlaceholder')} />}
      </Field>
      <Field label={t('routers.sourceForm.key')} error={e.key} hint={source ? t('routers.sourceForm.keyHintFixed') : t('routers.sourceForm.keyHint')}>
        {(p) => <input {...p} className="mono" value={key} readOnly={source !== null} onChange={(ev) => set('key', ev.target.value)} placeholder="coin-door" autoComplete="off" spellCheck={false} maxLength={32} />}
      </Field>
      <Field label={t('routers.sourceForm.kind')} error={e.kind}>
        {(p) => (
          <select {...p} value={d.kind} onChange={(ev) => set('kind', ev.target.value as PaymentSourceKind)}>
            {Object.entries(sourceKinds).map(([k, label]) => (
              <option key={k} value={k}>
                {t(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('routers.sourceForm.router')} error={e.routerId} hint={t('routers.sourceForm.routerHint')}>
        {(p) => (
          <select {...p} value={d.routerId ?? ''} onChange={(ev) => set('routerId', ev.target.value === '' ? null : Number(ev.target.value))}>
            <option value="">{t('routers.sourceForm.anyRouter')}</option>
            {routers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.api ? r.name : t('routers.sourceForm.routerNoApi', { name: r.name })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className={`span-2 source-packages${e.packageIds ? ' field-error' : ''}`} aria-describedby="source-packages-note">
        <legend>{t('routers.sourceForm.packages')}</legend>
        {offered.length === 0 ? <p className="muted">{t('routers.sourceForm.noPackages')}</p> : null}
        <div className="source-package-list">
          {offered.map((p) => (
            <label key={p.id} className="checkbox">
              <input type="checkbox" checked={d.packageIds.includes(p.id)} onChange={(ev) => toggle(p.id, ev.target.checked)} />
              <span>
                {p.name} <span className="muted">{price(p)}</span> {p.active ? null : <span className="tag">{t('routers.sourceForm.retired')}</span>}
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
            {t('routers.sourceForm.packagesNote', { example: money(500) })}
          </div>
        )}
      </fieldset>
      <Field label={t('routers.sourceForm.defaultPackage')} error={e.defaultPackageId} hint={t('routers.sourceForm.defaultPackageHint')}>
        {(p) => (
          <select {...p} value={defaultId ?? ''} disabled={chosen.length === 0} onChange={(ev) => set('defaultPackageId', Number(ev.target.value))}>
            {chosen.length === 0 ? <option value="">{t('routers.sourceForm.tickFirst')}</option> : null}
            {chosen.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} — {price(x)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('routers.sourceForm.cap')} error={e.dailyCapMinor} hint={t('routers.sourceForm.capHint')}>
        {(p) => <input {...p} inputMode="decimal" value={d.cap} onChange={(ev) => set('cap', ev.target.value)} placeholder={t('routers.sourceForm.capPlaceholder')} />}
      </Field>
    </FormDialog>
  );
}
