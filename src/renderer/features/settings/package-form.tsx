import { useState } from 'react';
import { PackageInput, type PackageView, type Pricing } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { FormDialog } from '../../components/form-dialog';
import { Field, useForm } from '../../components/field';
import { QuantityField } from '../../components/quantity-field';
import { useT } from '../../i18n';
import { minorDigits, noAmount, parseMoney, useMoneyFormat } from '../../lib/format';
import { dataUnits, fromQuantity, rateUnits, timeUnits, toQuantity, wholeNumber, type Quantity, type Unit } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';

interface Draft {
  name: string;
  pricing: Pricing;
  price: string;
  time: Quantity;
  data: Quantity;
  validity: Quantity;
  rateDown: Quantity;
  rateUp: Quantity;
  idle: Quantity;
  devices: string;
  sortOrder: string;
  hotkey: string;
  unusedExpiry: Quantity;
}

const dayUnits = timeUnits.filter((u) => u.id === 'd');

function draftOf(p: PackageView | null, digits: number): Draft {
  return {
    name: p?.name ?? '',
    pricing: p?.pricing ?? 'fixed',
    price: p ? (p.priceMinor / 10 ** digits).toFixed(digits) : '',
    time: toQuantity(p?.timeLimitS ?? null, timeUnits),
    data: toQuantity(p?.dataLimitBytes ?? null, dataUnits),
    validity: toQuantity(p?.validityS ?? null, timeUnits),
    rateDown: toQuantity(p?.rateDownKbps ?? null, rateUnits),
    rateUp: toQuantity(p?.rateUpKbps ?? null, rateUnits),
    idle: toQuantity(p?.idleTimeoutS ?? null, timeUnits.slice(0, 2)),
    devices: String(p?.deviceLimit ?? 1),
    sortOrder: String(p?.sortOrder ?? 0),
    hotkey: p?.hotkey ? String(p.hotkey) : '',
    unusedExpiry: toQuantity(p?.unusedExpiryS ?? null, dayUnits),
  };
}

/** Adds or edits a package; sessions already sold keep the terms they were sold with. */
export function PackageForm({ pkg, onClose }: { pkg: PackageView | null; onClose: () => void }) {
  const t = useT();
  const fmt = useMoneyFormat();
  const [d, setD] = useState(() => draftOf(pkg, minorDigits(fmt)));
  const form = useForm();
  const active = useData((s) => s.packages);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  const save = () =>
    form.submit(async () => {
      // What the form cannot read stands in as a valid value, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const q = (field: string, value: Quantity, units: Unit[]) => {
        const v = fromQuantity(value, units);
        if (v !== null && typeof v === 'object') {
          own[field] = v.error;
          return 1;
        }
        return v;
      };
      const whole = (field: string, text: string, fallback: number) => {
        const n = wholeNumber(text);
        if (typeof n === 'number') return n;
        own[field] = n.error;
        return fallback;
      };
      const priceMinor = parseMoney(d.price, fmt);
      if (priceMinor === null) own.priceMinor = noAmount(d.price, fmt, t('settings.packageForm.amountError'));
      const hotkey = d.hotkey.trim() === '' ? null : whole('hotkey', d.hotkey, 1);
      const taken = hotkey === null ? undefined : active.find((p) => p.hotkey === hotkey && p.id !== pkg?.id);
      if (taken) own.hotkey = t('settings.packageForm.keyTaken', { key: hotkey!, name: taken.name });
      const input = {
        name: d.name,
        pricing: d.pricing,
        priceMinor: priceMinor ?? 1,
        timeLimitS: q('timeLimitS', d.time, timeUnits),
        dataLimitBytes: q('dataLimitBytes', d.data, dataUnits),
        validityS: q('validityS', d.validity, timeUnits),
        rateDownKbps: q('rateDownKbps', d.rateDown, rateUnits),
        rateUpKbps: q('rateUpKbps', d.rateUp, rateUnits),
        idleTimeoutS: q('idleTimeoutS', d.idle, timeUnits),
        deviceLimit: whole('deviceLimit', d.devices, 1),
        sortOrder: whole('sortOrder', d.sortOrder, 0),
        // Empty: a new package gets the next free key; an edited one gives its key up.
        ...(hotkey !== null || pkg ? { hotkey } : {}),
        unusedExpiryS: q('unusedExpiryS', d.unusedExpiry, dayUnits),
      };
      const errors = allErrors(PackageInput, input, own);
      if (Object.keys(errors).length) return form.set(errors);
      const saved = pkg ? await api()['packages.update']({ id: pkg.id, ...input }) : await api()['packages.create'](input);
      useUi.getState().toast('ok', pkg ? t('settings.savedName', { name: saved.name }) : saved.hotkey ? t('settings.packageForm.addedKey', { name: saved.name, key: saved.hotkey }) : t('settings.addedName', { name: saved.name }));
      onClose();
    });

  const e = form.errors;
  const perUnit = d.pricing === 'per_unit';
  return (
    <FormDialog title={pkg ? t('settings.editName', { name: pkg.name }) : t('settings.packages.addTitle')} submit={pkg ? t('common.save') : t('settings.packages.add')} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label={t('common.name')} error={e.name}>
        {(p) => <input {...p} value={d.name} onChange={(ev) => set('name', ev.target.value)} placeholder={t('settings.oneHour')} />}
      </Field>
      <Field label={t('settings.packageForm.pricing')} error={e.pricing}>
        {(p) => (
          <select {...p} value={d.pricing} onChange={(ev) => set('pricing', ev.target.value as Pricing)}>
            <option value="fixed">{t('settings.packageForm.fixed')}</option>
            <option value="per_unit">{t('settings.packageForm.perUnit')}</option>
          </select>
        )}
      </Field>
      <Field label={t(perUnit ? 'settings.packageForm.unitPrice' : 'settings.packages.price')} error={e.priceMinor} hint={perUnit ? t('settings.packageForm.perUnitHint') : undefined}>
        {(p) => <input {...p} inputMode="decimal" value={d.price} onChange={(ev) => set('price', ev.target.value)} />}
      </Field>
      <QuantityField label={t('settings.packageForm.time')} value={d.time} onChange={(v) => set('time', v)} units={timeUnits} error={e.timeLimitS} hint={t('settings.packageForm.timeHint')} />
      <QuantityField label={t('settings.packageForm.data')} value={d.data} onChange={(v) => set('data', v)} units={dataUnits} error={e.dataLimitBytes} />
      <QuantityField label={t('settings.packageForm.validity')} value={d.validity} onChange={(v) => set('validity', v)} units={timeUnits} error={e.validityS} hint={t('settings.packageForm.validityHint')} />
      <QuantityField label={t('settings.packageForm.down')} value={d.rateDown} onChange={(v) => set('rateDown', v)} units={rateUnits} error={e.rateDownKbps} />
      <QuantityField label={t('settings.packageForm.up')} value={d.rateUp} onChange={(v) => set('rateUp', v)} units={rateUnits} error={e.rateUpKbps} />
      <Field label={t('settings.packageForm.devices')} error={e.deviceLimit}>
        {(p) => <input {...p} inputMode="numeric" value={d.devices} onChange={(ev) => set('devices', ev.target.value)} />}
      </Field>
      <QuantityField label={t('settings.packageForm.idle')} value={d.idle} onChange={(v) => set('idle', v)} units={timeUnits.slice(0, 2)} error={e.idleTimeoutS} />
      <Field label={t('settings.packageForm.order')} error={e.sortOrder} hint={t('settings.packageForm.orderHint')}>
        {(p) => <input {...p} inputMode="numeric" value={d.sortOrder} onChange={(ev) => set('sortOrder', ev.target.value)} />}
      </Field>
      <Field label={t('settings.packageForm.hotkey')} error={e.hotkey} hint={t(pkg ? 'settings.packageForm.hotkeyHintEdit' : 'settings.packageForm.hotkeyHintNew')}>
        {(p) => <input {...p} inputMode="numeric" maxLength={1} value={d.hotkey} onChange={(ev) => set('hotkey', ev.target.value)} />}
      </Field>
      <Field label={t('settings.packageForm.unusedExpiry')} error={e.unusedExpiryS} hint={t('settings.packageForm.unusedExpiryHint')}>
        {(p) => <input {...p} inputMode="decimal" value={d.unusedExpiry.text} placeholder={t('settings.packageForm.never')} onChange={(ev) => set('unusedExpiry', { text: ev.target.value, unit: 'd' })} />}
      </Field>
    </FormDialog>
  );
}
