// The esbuild bundles of the main process: the CLI (serve, demo), the desktop app's main
// process and its preload script. Shared by scripts/build.mjs and the packaging test.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Native (better-sqlite3).
// node-routeros requires source-map-support only when ENV=testing (its own test runs).
const runtimeExternals = ['better-sqlite3', 'source-map-support'];

const node = (entry, name, target, external) => ({
  entryPoints: { [name]: entry },
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target,
  format: 'cjs',
  sourcemap: true,
  external,
  define: { __IWAS_VERSION__: JSON.stringify(pkg.version) },
});

/** esbuild options for every main-process bundle, written to `outdir`. */
export function mainBundles(outdir) {
  return [
    { ...node('src/main/cli-entry.ts', 'cli', 'node20', runtimeExternals), outdir },
    // Electron's main process.
    { ...node('src/main/index.ts', 'index', 'node22', ['electron', ...runtimeExternals]), outdir },
    // The window's preload script: sandboxed, so one self-contained file requiring only 'electron'.
    { ...node('src/main/preload.ts', 'preload', 'chrome120', ['electron']), sourcemap: false, define: {}, outdir },
  ];
}
