import { useState } from 'react';
import { PackageInput, type PackageView, type Pricing } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { FormDialog } from '../../components/form-dialog';
import { Field, useForm } from '../../components/field';
import { QuantityField } from '../../components/quantity-field';
import { minorDigits, parseMoney, useMoneyFormat } from '../../lib/format';
import { dataUnits, fromQuantity, rateUnits, timeUnits, toQuantity, wholeNumber, type Quantity, type Unit } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { VALIDITY_STARTS } from '../../../shared/engine/remaining';

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
      if (priceMinor === null) own.priceMinor = 'An amount, e.g. 20 or 20.50';
      const hotkey = d.hotkey.trim() === '' ? null : whole('hotkey', d.hotkey, 1);
      const taken = hotkey === null ? undefined : active.find((p) => p.hotkey === hotkey && p.id !== pkg?.id);
      if (taken) own.hotkey = `Key ${hotkey} is already “${taken.name}”`;
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
      useUi.getState().toast('ok', pkg ? `Saved ${saved.name}` : `Added ${saved.name}${saved.hotkey ? ` (key ${saved.hotkey})` : ''}`);
      onClose();
    });

  const e = form.errors;
  const perUnit = d.pricing === 'per_unit';
  return (
    <FormDialog title={pkg ? `Edit ${pkg.name}` : 'Add a package'} submit={pkg ? 'Save' : 'Add package'} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label="Name" error={e.name}>
        {(p) => <input {...p} value={d.name} onChange={(ev) => set('name', ev.target.value)} placeholder="1 hour" />}
      </Field>
      <Field label="Pricing" error={e.pricing}>
        {(p) => (
          <select {...p} value={d.pricing} onChange={(ev) => set('pricing', ev.target.value as Pricing)}>
            <option value="fixed">Fixed price</option>
            <option value="per_unit">Per unit (sell by amount)</option>
          </select>
        )}
      </Field>
      <Field label={perUnit ? 'Price of one unit' : 'Price'} error={e.priceMinor} hint={perUnit ? 'The limits below are what one unit gives; the customer can buy any amount.' : undefined}>
        {(p) => <input {...p} inputMode="decimal" value={d.price} onChange={(ev) => set('price', ev.target.value)} />}
      </Field>
      <QuantityField label="Time online" value={d.time} onChange={(v) => set('time', v)} units={timeUnits} error={e.timeLimitS} hint="Counted only while connected" />
      <QuantityField label="Data (download + upload)" value={d.data} onChange={(v) => set('data', v)} units={dataUnits} error={e.dataLimitBytes} />
      <QuantityField label="Valid for" value={d.validity} onChange={(v) => set('validity', v)} units={timeUnits} error={e.validityS} hint={`${VALIDITY_STARTS[0]!.toUpperCase()}${VALIDITY_STARTS.slice(1)}, connected or not`} />
      <QuantityField label="Download speed" value={d.rateDown} onChange={(v) => set('rateDown', v)} units={rateUnits} error={e.rateDownKbps} />
      <QuantityField label="Upload speed" value={d.rateUp} onChange={(v) => set('rateUp', v)} units={rateUnits} error={e.rateUpKbps} />
      <Field label="Devices at a time" error={e.deviceLimit}>
        {(p) => <input {...p} inputMode="numeric" value={d.devices} onChange={(ev) => set('devices', ev.target.value)} />}
      </Field>
      <QuantityField label="Log out when idle for" value={d.idle} onChange={(v) => set('idle', v)} units={timeUnits.slice(0, 2)} error={e.idleTimeoutS} />
      <Field label="Order on the Sell screen" error={e.sortOrder} hint="Lower comes first">
        {(p) => <input {...p} inputMode="numeric" value={d.sortOrder} onChange={(ev) => set('sortOrder', ev.target.value)} />}
      </Field>
      <Field label="Number key on the Sell screen" error={e.hotkey} hint={pkg ? '1 to 9; empty: no key' : '1 to 9; empty: the next free key'}>
        {(p) => <input {...p} inputMode="numeric" maxLength={1} value={d.hotkey} onChange={(ev) => set('hotkey', ev.target.value)} />}
      </Field>
      <Field label="Unused vouchers expire after (days)" error={e.unusedExpiryS} hint="Counted from the sale, if never logged in; empty: never">
        {(p) => <input {...p} inputMode="decimal" value={d.unusedExpiry.text} placeholder="never" onChange={(ev) => set('unusedExpiry', { text: ev.target.value, unit: 'd' })} />}
      </Field>
    </FormDialog>
  );
}
