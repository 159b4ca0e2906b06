import { minorDigits, type MoneyFormat } from '../../shared/format';
import { useT } from '../i18n';

export interface KeypadProps {
  /** What the cashier typed, as text ("150", "20.5"). */
  value: string;
  onChange: (text: string) => void;
  fmt: MoneyFormat;
  /** Quick amounts in minor units (exact price, common notes). */
  quick?: { label: string; minor: number }[];
  /** Digits for a reference number rather than an amount: no decimal point, no quick amounts. */
  digitsOnly?: boolean;
}

/** Keypad keys do not take the focus: it stays in the amount field, so Enter still sells. */
export const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

/** A touch keypad for amounts; the keyboard's digits work too (the input beside it). */
export function Keypad({ value, onChange, fmt, quick = [], digitsOnly = false }: KeypadProps) {
  const t = useT();
  const digits = minorDigits(fmt);
  const press = (k: string) => {
    if (k === 'C') return onChange('');
    if (k === '⌫') return onChange(value.slice(0, -1));
    if (digitsOnly) return onChange(value + k);
    if (k === '.' && (digits === 0 || value.includes('.'))) return;
    const dot = value.indexOf('.');
    if (dot >= 0 && value.length - dot > digits) return;
    onChange(value === '0' && k !== '.' ? k : value + k);
  };
  const withQuick = quick.length > 0 && !digitsOnly;
  const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', digitsOnly ? '00' : digits ? '.' : '00', '0', '⌫'];
  return (
    // Without quick amounts (e-wallet, card, a reference number) Clear stands in their column, a row shorter.
    <div className={withQuick ? 'keypad' : 'keypad keypad-plain'}>
      <div className="keypad-keys">
        {keys.map((k) => (
          <button key={k} type="button" className="key" tabIndex={-1} onMouseDown={keepFocus} onClick={() => press(k)} aria-label={k === '⌫' ? t('components.keypad.delete') : k}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-clear" tabIndex={-1} onMouseDown={keepFocus} onClick={() => press('C')}>
          {t('components.keypad.clear')}
        </button>
      </div>
      {withQuick ? (
        <div className="keypad-quick">
          {quick.map((q) => (
            <button key={q.label} type="button" className="key key-quick" tabIndex={-1} onMouseDown={keepFocus} onClick={() => onChange((q.minor / 10 ** digits).toFixed(digits))}>
              {q.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
