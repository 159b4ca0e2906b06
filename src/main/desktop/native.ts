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

export interface NativeTarget {
  electron: string;
  platform: string;
  arch: string;
}

/**
 * Why the addon cannot be used here (missing, or built for another Electron, platform or
 * processor, per the build-info.json written beside it); null when it can.
 */
export function nativeBindingProblem(file: string, here: NativeTarget): string | null {
  const fix = 'Run `npm run rebuild:electron`.';
  if (!existsSync(file)) return `The database driver for this Electron is missing (${file}). ${fix}`;
  const stampFile = join(file, '..', 'build-info.json');
  if (!existsSync(stampFile)) return null;
  const built = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<NativeTarget>;
  if (built.electron && built.electron !== here.electron) return `The database driver was built for Electron ${built.electron}, this is ${here.electron}. ${fix}`;
  if ((built.platform && built.platform !== here.platform) || (built.arch && built.arch !== here.arch)) {
    return `The database driver was built for ${built.platform}-${built.arch}, this is ${here.platform}-${here.arch}. ${fix}`;
  }
  return null;
}
