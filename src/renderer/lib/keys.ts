/** When the counter's keyboard shortcuts apply: not while a dialog is open, not with Ctrl/Alt/Meta (the browser's own). */
export function shortcutAllowed(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey && !document.querySelector('[role="dialog"]');
}

/** The key went to a field the cashier is typing in. */
export function typing(e: KeyboardEvent): boolean {
  return e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
}

/**
 * Makes a held Enter one press: the keyboard's auto-repeat (a keydown with `repeat`) is
 * stopped before anything sees it, so it neither submits a form, nor presses the focused
 * button (the browser clicks a button on each Enter keydown, repeats included), nor reaches a
 * key handler. Without it, Enter held on a row's Top up opened the dialog, topped up, came back
 * to Top up and opened it again, one sale per repeat. Call once, before anything else listens:
 * it is the first listener on window's capture phase, so it runs before every other one.
 * A repeated Enter is never typing, except in a textarea or editable text (new lines), which
 * keep it. Space needs no guard: a button or checkbox acts on its release, once per press, and
 * in a text field its repeat is typing.
 */
export function ignoreHeldEnter(): void {
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Enter' || !e.repeat) return;
      if (e.target instanceof HTMLTextAreaElement || (e.target instanceof HTMLElement && e.target.isContentEditable)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    true,
  );
}
