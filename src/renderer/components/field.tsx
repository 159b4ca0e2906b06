import { useCallback, useId, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { AppError, type FieldErrors } from '../../shared/errors';
import { reportError } from '../lib/sync';

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactElement;
}

/** What a control holds, read from the element the field renders (its value, or whether it is ticked). */
const heldBy = (control: ReactElement): unknown => {
  const props = control.props as { value?: unknown; checked?: unknown };
  return props.value ?? props.checked;
};

/**
 * A labelled control with its error (or hint) right below it. The error goes as soon as the
 * control holds another value, typed or tapped on a keypad: it was about that value (back to
 * it, the error is back; the next submit says whether the new one is right).
 */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const note = `${id}-note`;
  const control = (shown: string | undefined) => children({ id, 'aria-invalid': !!shown, 'aria-describedby': shown || hint ? note : undefined });
  const asErred = control(error);
  const held = heldBy(asErred);
  // The error shown and the value it was about; `edited`: typed in where the element does not say what it holds (a composite control).
  // A new round of errors (useForm.submit clears them first) starts again from the value then.
  const [erred, setErred] = useState<{ error: string; held: unknown; edited: boolean } | null>(null);
  if (error ? erred?.error !== error : erred) setErred(error ? { error, held, edited: false } : null);
  const stale = erred !== null && erred.error === error && (held === undefined ? erred.edited : erred.held !== held);
  const shown = stale ? undefined : error;
  return (
    <div className={`field${shown ? ' field-error' : ''}`} onInput={held === undefined ? () => setErred((e) => (e && !e.edited ? { ...e, edited: true } : e)) : undefined}>
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
  const fail = useCallback((err: unknown) => {
    if (err instanceof AppError && err.code === 'unauthorized' && !err.fields) return reportError(err);
    if (err instanceof AppError && err.fields && Object.keys(err.fields).length) {
      setErrors(err.fields);
      // Also below the form: a field this form does not show (or the whole request) may be what is wrong.
      setGeneral(err.fields._ ?? err.message);
    } else {
      setErrors({});
      setGeneral(err instanceof Error ? err.message : String(err));
    }
  }, []);
  const clear = useCallback(() => {
    setErrors({});
    setGeneral(null);
  }, []);
  const submit = useCallback(
    async (action: () => Promise<unknown>) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      // Rendered at once, before any error of this round: a field shows an error set now, even in the words
      // of one the cashier had started correcting (a check before the call sets it in this same tick).
      flushSync(clear);
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
  return { errors, general, busy, submit, fail, clear, set: setErrors, id };
}

/** The form's general error (one not about a single field), if any. */
export function FormError({ message }: { message: string | null }) {
  return message ? <p className="form-error">{message}</p> : null;
}
