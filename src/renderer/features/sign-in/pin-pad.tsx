import { keepFocus } from '../../components/keypad';

/** Digits for a PIN on a touch screen; the keyboard works too (the input beside it). */
export function PinPad({ value, onChange, onEnter }: { value: string; onChange: (v: string) => void; onEnter: () => void }) {
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
          aria-label={k === '⌫' ? 'Delete' : k === 'OK' ? 'Sign in' : k}
          onClick={() => (k === 'OK' ? onEnter() : k === '⌫' ? onChange(value.slice(0, -1)) : value.length < 8 && onChange(value + k))}
        >
          {k}
        </button>
      ))}
    </div>
  );
}
