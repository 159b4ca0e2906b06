/**
 * Starting with the system, hidden in the tray (the WiFi should not wait for someone to
 * open the app). Windows and macOS: Electron's login items. Linux: an XDG autostart
 * entry (~/.config/autostart), which Electron does not manage.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';

/** The autostart entry for Linux desktops. */
export function linuxAutostartEntry(exec: string): string {
  const quoted = /[\s"\\]/.test(exec) ? `"${exec.replace(/(["\\`$])/g, '\\$1')}"` : exec;
  return ['[Desktop Entry]', 'Type=Application', 'Name=IWAS Counter', 'Comment=The café’s WiFi till (RADIUS server)', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

/** Writes or removes the Linux autostart entry; `configHome` defaults to $XDG_CONFIG_HOME or ~/.config. */
export function setLinuxAutostart(enabled: boolean, exec: string, configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config')): string {
  const file = join(configHome, 'autostart', 'iwas-counter.desktop');
  if (enabled) {
    mkdirSync(join(configHome, 'autostart'), { recursive: true });
    writeFileSync(file, linuxAutostartEntry(exec));
  } else {
    rmSync(file, { force: true });
  }
  return file;
}

/** What applies "start with the system" on this platform (the shell passes Electron's app). */
export function applyAutostart(
  enabled: boolean,
  o: { platform: NodeJS.Platform; execPath: string; setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[]; openAsHidden?: boolean }) => void; configHome?: string },
): void {
  if (o.platform === 'linux') setLinuxAutostart(enabled, o.execPath, o.configHome);
  else o.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG], openAsHidden: true });
}
