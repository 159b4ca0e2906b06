/**
 * A stand-in for the parts of Electron the shell uses, for tests (the Electron binary
 * cannot run here). Records what the shell does: handlers registered, window options,
 * listeners, guards, so tests can drive events and read the outcome.
 */
import { EventEmitter } from 'node:events';
import type { IpcEventLike, IpcMainLike } from '../../src/main/ipc/contract';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** ipcMain: one handler per channel, like Electron (a second one throws). */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a channel as a page would; `frame` is the sender frame. */
  invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve(h({ senderFrame: frame as unknown as Electron.WebFrameMain | null, sender: null }, ...args));
  }
}

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
}

export class FakeSession {
  permissionRequest: ((wc: { getURL(): string }, permission: string, cb: (ok: boolean) => void) => void) | null = null;
  permissionCheck: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
    this.permissionCheck = h;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  mainFrame: FakeFrame = { url: 'app://iwas/index.html', processId: 7, routingId: 1 };
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  destroyed = false;
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return this.mainFrame.url;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  reload() {}
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  /** What closing the window (its × button) does: returns whether the close went ahead. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

/** A navigation event as Electron passes it to will-navigate listeners. */
export function navigation(): { prevented: boolean; preventDefault(): void } {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

/** Electron's app object, enough for src/main/index.ts. */
export class FakeApp extends EventEmitter {
  isPackaged = true;
  readonly exited: number[] = [];
  readonly loginItems: unknown[] = [];
  quitRequested = 0;
  constructor(private readonly dirs: { userData: string; appPath: string }) {
    super();
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`getPath(${name})`);
    return this.dirs.userData;
  }
  getAppPath() {
    return this.dirs.appPath;
  }
  getVersion() {
    return '0.1.0';
  }
  setLoginItemSettings(s: unknown) {
    this.loginItems.push(s);
  }
  /** What app.quit() does: asks the listeners of before-quit (which may prevent it). */
  quit() {
    this.quitRequested++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exit(0);
  }
  exit(code: number) {
    this.exited.push(code);
  }
}

export class FakeTray extends EventEmitter {
  static created: FakeTray[] = [];
  tooltip = '';
  menu: { label?: string; type?: string; click?: () => void }[] = [];
  destroyed = false;
  constructor() {
    super();
    FakeTray.created.push(this);
  }
  setToolTip(t: string) {
    if (this.destroyed) throw new Error('Tray is destroyed');
    this.tooltip = t;
  }
  setContextMenu(m: FakeTray['menu']) {
    if (this.destroyed) throw new Error('Tray is destroyed');
    this.menu = m;
  }
  displayBalloon() {}
  destroy() {
    this.destroyed = true;
  }
}
