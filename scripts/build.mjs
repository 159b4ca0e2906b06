// Builds what `node` and Electron run: the main-process bundles (esbuild) and, when
// present, the renderer (vite). `--quiet` prints only errors.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mainBundles } from './bundles.mjs';

const quiet = process.argv.includes('--quiet');

for (const options of mainBundles('dist/main')) await build({ ...options, logLevel: quiet ? 'error' : 'info' });

if (existsSync('src/renderer/index.html')) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', ...(quiet ? ['--logLevel', 'error'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
