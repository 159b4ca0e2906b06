/** When the counter's keyboard shortcuts apply: not while a dialog is open, not with Ctrl/Alt/Meta (the browser's own). */
export function shortcutAllowed(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey && !document.querySelector('[role="dialog"]');
}

/** The key went to a field the cashier is typing in. */
export function typing(e: KeyboardEvent): boolean {
  return e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
}
