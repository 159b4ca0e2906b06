/**
 * Keeps the data mirror current: a full load when the event stream (re)connects or an
 * operator signs in, then pushed events only — sessions arrive as batches, never by
 * re-polling the list. The small status (RADIUS, database, last webhook, failing
 * disconnects) is read when the core says it changed (`status.changed`) and every 10 s
 * for the counters. A call refused because the operator token is gone sends the cashier
 * back to sign-in.
 */
import { AppError } from '../../shared/errors';
import { api, useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';
import { useUi } from '../stores/ui';
import { t } from '../i18n';

/** A one-click action (retire, reactivate, retry): a notice saying what happened, or why it did not. */
export async function act<T>(run: () => Promise<T>, done: (result: T) => string): Promise<void> {
  try {
    useUi.getState().toast('ok', done(await run()));
  } catch (err) {
    reportError(err);
  }
}

/** Reports a failed call: a lost sign-in goes back to the sign-in screen; anything else is a notice. */
export function reportError(err: unknown): void {
  if (err instanceof AppError && err.code === 'unauthorized' && useSignIn.getState().operator) {
    useSignIn.getState().expired();
    useUi.getState().toast('info', t('components.error.signInAgain'));
    return;
  }
  useUi.getState().toast('error', err instanceof Error ? err.message : String(err));
}

async function loadPackages() {
  useData.getState().setPackages(await api()['packages.list']({}));
}

async function loadSettings() {
  useData.getState().setSettings(await api()['settings.get']({}));
}

async function loadSessions() {
  const { sessions } = await api()['sessions.list']({ scope: 'live' });
  useData.getState().replaceSessions(sessions);
}

export async function loadStatus(): Promise<void> {
  const [status, radius] = await Promise.all([api()['status.get']({}), api()['radius.stats']({})]);
  useData.getState().setStatus(status, radius);
}

/** Loads everything an operator's screens need. */
export async function loadAll(): Promise<void> {
  if (!useSignIn.getState().operatorToken) return;
  try {
    await Promise.all([loadPackages(), loadSettings(), loadSessions(), loadStatus()]);
  } catch (err) {
    reportError(err);
  }
}

/** Starts listening; returns a function that stops it. */
export function startSync(): () => void {
  const { transport } = useSignIn.getState();
  if (!transport) throw new Error('ui: not connected');
  const stopEvents = transport.subscribe(
    (event) => {
      const reload = useData.getState().apply(event);
      if (!useSignIn.getState().operatorToken) return;
      if (reload === 'status') loadStatus().catch(() => undefined);
      if (reload === 'packages') loadPackages().catch(reportError);
      if (reload === 'settings') loadSettings().catch(reportError);
    },
    (up) => {
      useSignIn.getState().setOnline(up);
      if (!up) return;
      // Events missed while the stream was down are not replayed: reload everything, and
      // let the screens that read on demand (History, Reports, Settings lists) reload too.
      void loadAll();
      useData.getState().resynced();
    },
  );
  const poll = setInterval(() => {
    // A failed poll changes nothing shown (the stream's own state says "Reconnecting…"), unless the sign-in is gone.
    if (useSignIn.getState().operatorToken) loadStatus().catch((err: unknown) => err instanceof AppError && err.code === 'unauthorized' && reportError(err));
  }, 10_000);
  let lastToken = useSignIn.getState().operatorToken;
  const unsubscribe = useSignIn.subscribe((s) => {
    if (s.operatorToken !== lastToken) {
      lastToken = s.operatorToken;
      if (lastToken) void loadAll();
    }
  });
  return () => {
    stopEvents();
    clearInterval(poll);
    unsubscribe();
  };
}
