/**
 * The shared contract over IPC: one handler per method on its own channel. A call is
 * answered only for the app's own page (the sender's frame is checked), its input is
 * parsed by the dispatcher with the method's schema like any other transport's, and the
 * answer is an envelope, so the renderer gets the AppError's code and field messages
 * (Electron would otherwise flatten a thrown error into a string).
 */
import { channelOf, methodList } from '../../shared/methods';
import { AppError, type ErrorBody } from '../../shared/errors';
import { internalError, type Dispatcher } from '../api/dispatcher';
import type { Logger } from '../log';

export type Envelope = { ok: true; value: unknown } | ({ ok: false } & ErrorBody);

/** What a handler is told about the call: who sent it. */
export interface IpcEventLike {
  senderFrame: Electron.WebFrameMain | null;
  sender: unknown;
}

/** The part of ipcMain this needs (a test passes a stand-in). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

const registered = new WeakMap<IpcMainLike, Set<string>>();

/** Answers `fn` for a trusted sender only, as an envelope. */
export function guarded(trusted: (frame: Electron.WebFrameMain | null) => boolean, log: Logger, channel: string, fn: (...args: unknown[]) => unknown) {
  return async (event: IpcEventLike, ...args: unknown[]): Promise<Envelope> => {
    if (!trusted(event.senderFrame)) {
      log.warn('ipc: refused a call from a page that is not the app', { channel, url: event.senderFrame?.url ?? null });
      return { ok: false, ...new AppError('forbidden', 'ipc: only the app’s own window may call this').toBody() };
    }
    try {
      return { ok: true, value: await fn(...args) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, ...err.toBody() };
      log.error(`ipc: ${channel} failed`, { err });
      return { ok: false, ...internalError(err).toBody() };
    }
  };
}

/** Registers a handler per contract method; throws if the contract is already registered on this ipcMain. Returns the unregister function. */
export function registerContract(ipc: IpcMainLike, api: Dispatcher, trusted: (frame: Electron.WebFrameMain | null) => boolean, log: Logger): () => void {
  const mine = registered.get(ipc) ?? new Set<string>();
  for (const method of methodList) {
    if (mine.has(channelOf(method))) throw new Error(`ipc: "${method}" is already registered`);
  }
  for (const method of methodList) {
    const channel = channelOf(method);
    ipc.handle(
      channel,
      guarded(trusted, log, channel, (input, operatorToken) => api.call(method, input, typeof operatorToken === 'string' ? operatorToken : null)),
    );
    mine.add(channel);
  }
  registered.set(ipc, mine);
  return () => {
    for (const method of methodList) {
      ipc.removeHandler(channelOf(method));
      mine.delete(channelOf(method));
    }
  };
}
