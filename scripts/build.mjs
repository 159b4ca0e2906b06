// Builds what `node` and Electron run: the main-process bundles (esbuild) and, when
// present, the renderer (vite). `--quiet` prints only errors.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const quiet = process.argv.includes('--quiet');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { cli: 'src/main/cli-entry.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Native (better-sqlite3) or loading files beside its own code (radius: dictionaries; kept in
  // node_modules, where Node also does not warn about its deprecated `new Buffer`).
  // node-routeros requires source-map-support only when ENV=testing (its own test runs).
  external: ['better-sqlite3', 'radius', 'source-map-support'],
  define: { __IWAS_VERSION__: JSON.stringify(pkg.version) },
  logLevel: quiet ? 'error' : 'info',
});

if (existsSync('src/renderer/index.html')) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', ...(quiet ? ['--logLevel', 'error'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
