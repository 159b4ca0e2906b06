/**
 * better-sqlite3 for Electron: Electron's Node has its own ABI, so the desktop app loads
 * an addon built for it (`npm run rebuild:electron` → build/native/electron/, shipped in
 * the installer's resources/native/) and leaves node_modules' build to plain Node (serve
 * mode, the tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_FILE = 'better_sqlite3.node';

/** Where the Electron build of better-sqlite3 is: in the installed app's resources, or in the project's build folder. */
export function nativeBindingPath(o: { packaged: boolean; resourcesPath: string; appPath: string }): string {
  return o.packaged ? join(o.resourcesPath, 'native', NATIVE_FILE) : join(o.appPath, 'build', 'native', 'electron', NATIVE_FILE);
}

/** Why the addon cannot be used with this Electron (missing, or built for another version); null when it can. */
export function nativeBindingProblem(file: string, electronVersion: string): string | null {
  if (!existsSync(file)) return `The database driver for this Electron is missing (${file}). Run \`npm run rebuild:electron\`.`;
  const stampFile = join(file, '..', 'build-info.json');
  if (existsSync(stampFile)) {
    const built = (JSON.parse(readFileSync(stampFile, 'utf8')) as { electron?: string }).electron;
    if (built && built !== electronVersion) return `The database driver was built for Electron ${built}, this is ${electronVersion}. Run \`npm run rebuild:electron\`.`;
  }
  return null;
}
