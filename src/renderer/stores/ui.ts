/** UI state that is the screen's own: which screen, transient notices. Data lives in stores/data. */
import { create } from 'zustand';
import type { MessageId } from '../i18n';

export type Screen = 'sell' | 'sessions' | 'history' | 'reports' | 'batches' | 'settings';

// Batches is F8, not F5–F7: in a browser those reload the page, jump to the address bar and ask about caret browsing.
/** `label`: the screen's name, a message id (shown through t()). */
export const screens: { id: Screen; label: MessageId; key: string; adminOnly: boolean }[] = [
  { id: 'sell', label: 'app.screen.sell', key: 'F1', adminOnly: false },
  { id: 'sessions', label: 'app.screen.sessions', key: 'F2', adminOnly: false },
  { id: 'history', label: 'app.screen.history', key: 'F3', adminOnly: false },
  { id: 'reports', label: 'app.screen.reports', key: 'F4', adminOnly: false },
  { id: 'batches', label: 'app.screen.batches', key: 'F8', adminOnly: true },
  { id: 'settings', label: 'app.screen.settings', key: 'F9', adminOnly: true },
];

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
}

interface UiState {
  screen: Screen;
  toasts: Toast[];
  go(screen: Screen): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;

export const useUi = create<UiState>()((set, get) => ({
  screen: 'sell',
  toasts: [],
  go(screen) {
    set({ screen });
  },
  toast(kind, text) {
    const id = nextToast++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));
