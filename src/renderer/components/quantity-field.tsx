import type { Quantity, Unit } from '../lib/units';
import { Field } from './field';
import { useT } from '../i18n';

/** A number with its unit (minutes/hours/days, MB/GB, kbit/s / Mbit/s); empty means "no limit". */
export function QuantityField({ label, value, onChange, units, error, hint }: { label: string; value: Quantity; onChange: (q: Quantity) => void; units: Unit[]; error?: string | undefined; hint?: string }) {
  const t = useT();
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => (
        <div className="quantity">
          <input {...p} inputMode="decimal" value={value.text} placeholder={t('components.quantity.noLimit')} onChange={(e) => onChange({ ...value, text: e.target.value })} />
          <select aria-label={t('components.quantity.unit', { label })} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value })}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label()}
              </option>
            ))}
          </select>
        </div>
      )}
    </Field>
  );
}
