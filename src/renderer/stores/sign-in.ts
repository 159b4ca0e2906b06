/**
 * Who is at the counter and how the UI reaches the core: the transport, the typed
 * client, the signed-in operator. The operator token is kept for this browser tab
 * (sessionStorage), so a reload does not sign the cashier out.
 */
import { create } from 'zustand';
import type { Api } from '../../shared/contract';
import type { OperatorView } from '../../shared/domain';
import { useLanguage } from '../i18n/language';
import { createApi } from '../lib/api';
import type { Transport } from '../lib/transport';
import { useUi } from './ui';

interface Saved {
  token: string;
  operator: OperatorView;
}

const KEY = 'iwas.operator';

function load(): Saved | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Saved) : null;
  } catch {
    return null;
  }
}

export interface SignInState {
  transport: Transport | null;
  api: Api | null;
  operator: OperatorView | null;
  operatorToken: string | null;
  /** The live event stream is up (false: showing possibly stale data, reconnecting). */
  online: boolean;
  connect(transport: Transport): Api;
  signedIn(token: string, operator: OperatorView): void;
  /** The signed-in operator changed (their own language, say). */
  changed(operator: OperatorView): void;
  signOut(): Promise<void>;
  /** The core no longer knows our operator token (restart, deactivated): back to sign-in. */
  expired(): void;
  setOnline(up: boolean): void;
}

export const useSignIn = create<SignInState>()((set, get) => {
  const saved = load();
  if (saved) useLanguage.getState().setMine(saved.operator.language ?? null);
  /** Who last signed in on this tab: somebody else starts at Sell, not on the screen (or the admin's screen) they were left. */
  let lastOperatorId = saved?.operator.id ?? null;
  return {
    transport: null,
    api: null,
    operator: saved?.operator ?? null,
    operatorToken: saved?.token ?? null,
    online: false,
    connect(transport) {
      const api = createApi(transport, () => get().operatorToken);
      set({ transport, api });
      return api;
    },
    signedIn(token, operator) {
      sessionStorage.setItem(KEY, JSON.stringify({ token, operator } satisfies Saved));
      set({ operatorToken: token, operator });
      useLanguage.getState().setMine(operator.language);
      if (operator.id !== lastOperatorId) useUi.getState().go('sell');
      lastOperatorId = operator.id;
    },
    changed(operator) {
      const token = get().operatorToken;
      if (token) sessionStorage.setItem(KEY, JSON.stringify({ token, operator } satisfies Saved));
      set({ operator });
      useLanguage.getState().setMine(operator.language);
    },
    async signOut() {
      const { api } = get();
      try {
        await api?.['operators.signOut']({});
      } catch {
        // already gone on the core's side: signing out here is what matters
      }
      get().expired();
    },
    expired() {
      sessionStorage.removeItem(KEY);
      set({ operatorToken: null, operator: null });
      useLanguage.getState().setMine(null);
    },
    setOnline(up) {
      set({ online: up });
    },
  };
});

/** The typed client; only call once connected (the app shell ensures it). */
export function api(): Api {
  const a = useSignIn.getState().api;
  if (!a) throw new Error('ui: not connected');
  return a;
}

export const isAdmin = (s: SignInState) => s.operator?.role === 'admin';
/** An owner reads (Reports, History, Sessions) and changes nothing. */
export const isOwner = (s: SignInState) => s.operator?.role === 'owner';
