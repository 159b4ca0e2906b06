import { useState } from 'react';
import type { PackageView, Pricing } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { FormDialog } from '../../components/form-dialog';
import { Field, useForm } from '../../components/field';
import { QuantityField } from '../../components/quantity-field';
import { minorDigits, parseMoney, useMoneyFormat } from '../../lib/format';
import { dataUnits, fromQuantity, rateUnits, timeUnits, toQuantity, wholeNumber, type Quantity, type Unit } from '../../lib/units';
import { api } from '../../stores/connection';
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
}

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
  };
}

/** Adds or edits a package; sessions already sold keep the terms they were sold with. */
export function PackageForm({ pkg, onClose }: { pkg: PackageView | null; onClose: () => void }) {
  const fmt = useMoneyFormat();
  const [d, setD] = useState(() => draftOf(pkg, minorDigits(fmt)));
  const form = useForm();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  const save = () =>
    form.submit(async () => {
      const errors: FieldErrors = {};
      const q = (field: string, value: Quantity, units: Unit[]) => {
        const v = fromQuantity(value, units);
        if (v !== null && typeof v === 'object') {
          errors[field] = v.error;
          return null;
        }
        return v;
      };
      const priceMinor = parseMoney(d.price, fmt);
      if (priceMinor === null) errors.priceMinor = 'An amount, e.g. 20 or 20.50';
      const devices = wholeNumber(d.devices);
      if (typeof devices === 'object') errors.deviceLimit = devices.error;
      const sortOrder = wholeNumber(d.sortOrder);
      if (typeof sortOrder === 'object') errors.sortOrder = sortOrder.error;
      const input = {
        name: d.name,
        pricing: d.pricing,
        priceMinor: priceMinor ?? 0,
        timeLimitS: q('timeLimitS', d.time, timeUnits),
        dataLimitBytes: q('dataLimitBytes', d.data, dataUnits),
        validityS: q('validityS', d.validity, timeUnits),
        rateDownKbps: q('rateDownKbps', d.rateDown, rateUnits),
        rateUpKbps: q('rateUpKbps', d.rateUp, rateUnits),
        idleTimeoutS: q('idleTimeoutS', d.idle, timeUnits),
        deviceLimit: typeof devices === 'number' ? devices : 1,
        sortOrder: typeof sortOrder === 'number' ? sortOrder : 0,
      };
      if (Object.keys(errors).length) return form.set(errors);
      const saved = pkg ? await api()['packages.update']({ id: pkg.id, ...input }) : await api()['packages.create'](input);
      useUi.getState().toast('ok', pkg ? `Saved ${saved.name}` : `Added ${saved.name}`);
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
      <QuantityField label="Valid for" value={d.validity} onChange={(v) => set('validity', v)} units={timeUnits} error={e.validityS} hint="From the first login, connected or not" />
      <QuantityField label="Download speed" value={d.rateDown} onChange={(v) => set('rateDown', v)} units={rateUnits} error={e.rateDownKbps} />
      <QuantityField label="Upload speed" value={d.rateUp} onChange={(v) => set('rateUp', v)} units={rateUnits} error={e.rateUpKbps} />
      <Field label="Devices at a time" error={e.deviceLimit}>
        {(p) => <input {...p} inputMode="numeric" value={d.devices} onChange={(ev) => set('devices', ev.target.value)} />}
      </Field>
      <QuantityField label="Log out when idle for" value={d.idle} onChange={(v) => set('idle', v)} units={timeUnits.slice(0, 2)} error={e.idleTimeoutS} />
      <Field label="Order on the Sell screen" error={e.sortOrder} hint="Lower comes first">
        {(p) => <input {...p} inputMode="numeric" value={d.sortOrder} onChange={(ev) => set('sortOrder', ev.target.value)} />}
      </Field>
    </FormDialog>
  );
}
