import { useId } from 'react';
import { day, lastDays, pickedRange, toDateInput, type Range } from '../lib/dates';
import { useT, type MessageId } from '../i18n';

export type Preset = 'shift' | 'today' | 'yesterday' | 'week' | 'custom';

export interface RangeChoice {
  preset: Preset;
  /** The picked days when preset is custom ("2026-11-21"). */
  fromText: string;
  toText: string;
}

const labels: Record<Preset, MessageId> = {
  shift: 'components.range.shift',
  today: 'components.range.today',
  yesterday: 'components.range.yesterday',
  week: 'components.range.week',
  custom: 'components.range.custom',
};

export function initialChoice(preset: Preset, now = Date.now()): RangeChoice {
  return { preset, fromText: toDateInput(now), toText: toDateInput(now) };
}

/** The time range a choice means at `now`; `shiftStart` is when the operator's open shift opened (Reports shows "My shift" from the shift itself). An error for a field when the dates are wrong. */
export function resolveRange(c: RangeChoice, now: number, shiftStart: number | null): Range | { field: 'from' | 'to'; error: string } {
  switch (c.preset) {
    case 'shift':
      return { from: shiftStart ?? day(now).from, to: now + 1 };
    case 'today':
      return day(now);
    case 'yesterday':
      return day(now, -1);
    case 'week':
      return lastDays(now, 7);
    case 'custom':
      return pickedRange(c.fromText, c.toText);
  }
}

/** Preset ranges as chips, and two date fields for a custom one (errors shown next to them). */
export function RangePicker({ value, onChange, presets, error }: { value: RangeChoice; onChange: (c: RangeChoice) => void; presets: Preset[]; error?: { field: 'from' | 'to'; error: string } | null }) {
  const t = useT();
  const errorId = useId();
  const described = (field: 'from' | 'to') => (error?.field === field ? errorId : undefined);
  return (
    <div className="range-picker">
      <div className="filters" role="radiogroup" aria-label={t('components.range.period')}>
        {presets.map((p) => (
          <button key={p} type="button" role="radio" aria-checked={value.preset === p} className={`chip${value.preset === p ? ' chip-on' : ''}`} onClick={() => onChange({ ...value, preset: p })}>
            {t(labels[p])}
          </button>
        ))}
      </div>
      {value.preset === 'custom' ? (
        <div className="range-dates">
          <label className={error?.field === 'from' ? 'field-error' : undefined}>
            {t('components.range.from')} <input type="date" aria-label={t('components.range.from')} aria-invalid={error?.field === 'from'} aria-describedby={described('from')} value={value.fromText} onChange={(e) => onChange({ ...value, fromText: e.target.value })} />
          </label>
          <label className={error?.field === 'to' ? 'field-error' : undefined}>
            {t('components.range.to')} <input type="date" aria-label={t('components.range.to')} aria-invalid={error?.field === 'to'} aria-describedby={described('to')} value={value.toText} onChange={(e) => onChange({ ...value, toText: e.target.value })} />
          </label>
          {error ? (
            <span className="field-message" role="alert" id={errorId}>
              {error.error}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
