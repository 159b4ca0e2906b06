import { keepFocus } from '../../components/keypad';
import { useT } from '../../i18n';

/** Digits for a PIN on a touch screen; the keyboard works too (the input beside it). */
export function PinPad({ value, onChange, onEnter }: { value: string; onChange: (v: string) => void; onEnter: () => void }) {
  const t = useT();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'];
  return (
    <div className="pin-pad">
      {keys.map((k) => (
        <button
          key={k}
          type="button"
          tabIndex={-1}
          onMouseDown={keepFocus}
          className={`key${k === 'OK' ? ' key-ok' : ''}`}
          aria-label={k === '⌫' ? t('signIn.delete') : k === 'OK' ? t('signIn.signIn') : k}
          onClick={() => (k === 'OK' ? onEnter() : k === '⌫' ? onChange(value.slice(0, -1)) : value.length < 8 && onChange(value + k))}
        >
          {k}
        </button>
      ))}
    </div>
  );
}
