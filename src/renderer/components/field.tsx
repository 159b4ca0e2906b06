import { useCallback, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import { AppError, type FieldErrors } from '../../shared/errors';
import { reportError } from '../lib/sync';

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactElement;
}

/**
 * Errors are set in rounds (each form submitted, each useForm's errors set): a field shows its
 * error again after one, even one whose control the cashier had started correcting.
 */
let errorRound = 0;
const roundWatchers = new Set<() => void>();
function nextErrorRound(): void {
  errorRound += 1;
  for (const watch of roundWatchers) watch();
}
const watchRounds = (watch: () => void) => {
  if (!roundWatchers.size) document.addEventListener('submit', nextErrorRound, true);
  roundWatchers.add(watch);
  return () => {
    roundWatchers.delete(watch);
    if (!roundWatchers.size) document.removeEventListener('submit', nextErrorRound, true);
  };
};

/** What a control holds, read from the element the field renders (its value, or whether it is ticked). */
const heldBy = (control: ReactElement): unknown => {
  const props = control.props as { value?: unknown; checked?: unknown };
  return props.value ?? props.checked;
};

/**
 * A labelled control with its error (or hint) right below it. The error goes as soon as the
 * control's value changes, typed or tapped on a keypad: it was about the old value (the next
 * round of errors says whether the new one is right).
 */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const note = `${id}-note`;
  const round = useSyncExternalStore(watchRounds, () => errorRound);
  const control = (shown: string | undefined) => children({ id, 'aria-invalid': !!shown, 'aria-describedby': shown || hint ? note : undefined });
  const asErred = control(error);
  const held = heldBy(asErred);
  // The error shown and the value it was about; `edited`: changed in a way the element does not show (inside a composite control).
  const [erred, setErred] = useState<{ error: string; round: number; held: unknown; edited: boolean } | null>(null);
  if (error ? erred?.error !== error || erred.round !== round : erred) setErred(error ? { error, round, held, edited: false } : null);
  const current = erred !== null && erred.error === error && erred.round === round;
  const shown = current && (erred.edited || erred.held !== held) ? undefined : error;
  return (
    <div className={`field${shown ? ' field-error' : ''}`} onInput={() => setErred((e) => (e && !e.edited ? { ...e, edited: true } : e))}>
      <label htmlFor={id}>{label}</label>
      {shown === error ? asErred : control(shown)}
      {shown ? (
        <div id={note} className="field-message" role="alert">
          {shown}
        </div>
      ) : hint ? (
        <div id={note} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Brings the first field in error inside `form` into view, whole (its message too), within
 * whatever scrolls around it (the sale's fields, a dialog's body), and puts the cursor in it
 * when it is typed in; does nothing when no field is in error.
 */
function revealFirstError(form: HTMLElement): void {
  const field = form.querySelector<HTMLElement>('.field-error');
  if (!field) return;
  field.querySelector<HTMLElement>('input, select, textarea')?.focus({ preventScroll: true });
  field.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/**
 * A form's state around a call: field errors from a failed call (AppError.fields) and a
 * general message for the rest; `submit` runs the call once at a time (a double press
 * does nothing) with `busy` set while it runs. Give `id` to the <form>: after a submit,
 * its first field in error is brought into view (never left under the buttons below it).
 */
export function useForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const id = useId();
  const [submits, setSubmits] = useState(0);
  // After each submit only: errors cleared as the cashier fixes them move nothing.
  useLayoutEffect(() => {
    const form = document.getElementById(id);
    if (submits > 0 && form) revealFirstError(form);
  }, [submits, id]);
  // The errors as last set (state lags a render behind): a set that only takes some away starts no new round.
  const latest = useRef<FieldErrors>({});
  // A new round of errors: each field shows its own again, corrected or not.
  const set = useCallback((fields: FieldErrors) => {
    if (Object.entries(fields).some(([f, message]) => latest.current[f] !== message)) nextErrorRound();
    latest.current = fields;
    setErrors(fields);
  }, []);
  const fail = useCallback((err: unknown) => {
    if (err instanceof AppError && err.code === 'unauthorized' && !err.fields) return reportError(err);
    if (err instanceof AppError && err.fields && Object.keys(err.fields).length) {
      set(err.fields);
      // Also below the form: a field this form does not show (or the whole request) may be what is wrong.
      setGeneral(err.fields._ ?? err.message);
    } else {
      set({});
      setGeneral(err instanceof Error ? err.message : String(err));
    }
  }, [set]);
  const clear = useCallback(() => {
    latest.current = {};
    setErrors({});
    setGeneral(null);
  }, []);
  const submit = useCallback(
    async (action: () => Promise<unknown>) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      clear();
      try {
        await action();
      } catch (err) {
        fail(err);
      } finally {
        running.current = false;
        setBusy(false);
        setSubmits((n) => n + 1);
      }
    },
    [clear, fail],
  );
  return { errors, general, busy, submit, fail, clear, set, id };
}

/** The form's general error (one not about a single field), if any. */
export function FormError({ message }: { message: string | null }) {
  return message ? <p className="form-error">{message}</p> : null;
}
