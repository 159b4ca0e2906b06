/**
 * The tray icon: the app keeps serving the WiFi with its window closed. The menu says
 * whether RADIUS is up and how many customers are online, reopens the window, quits.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Status } from '../../shared/domain';

export interface TrayActions {
  open(): void;
  quit(): void;
}

/** One line for the tray's tooltip and menu: is the WiFi being served. */
export function trayStatusLine(s: Pick<Status, 'radius' | 'liveSessions'>): string {
  if (!s.radius.listening) return `RADIUS not listening${s.radius.error ? `: ${s.radius.error}` : ''}`;
  return `Serving WiFi (RADIUS ${s.radius.authPort}/${s.radius.acctPort}) · ${s.liveSessions} live session${s.liveSessions === 1 ? '' : 's'}`;
}

/** The tray menu for the current status. */
export function trayMenu(s: Pick<Status, 'radius' | 'liveSessions'>, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open IWAS Counter', click: actions.open },
    { type: 'separator' },
    { label: trayStatusLine(s), enabled: false },
    { type: 'separator' },
    { label: 'Quit IWAS Counter…', click: actions.quit },
  ];
}
