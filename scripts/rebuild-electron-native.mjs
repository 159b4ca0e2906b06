// Builds better-sqlite3 for the installed Electron (its Node has another ABI) into
// build/native/electron/, beside node_modules' own build, which plain Node keeps using
// (serve mode, the tests). The desktop app loads this one (src/main/desktop/native.ts);
// the installer ships it in resources/native/.
//
// Needs the network (Electron's headers from electronjs.org) and a C++ toolchain.
//   npm run rebuild:electron [-- --if-needed] [-- --arch x64]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electron = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const archArg = process.argv.indexOf('--arch');
const arch = archArg > 0 ? process.argv[archArg + 1] : process.arch;
const out = join('build', 'native', 'electron');
const stampFile = join(out, 'build-info.json');
const sqlite = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
// Rebuilt when any of these changes (a better-sqlite3 upgrade too: its JS and addon go together).
const want = { electron, platform: process.platform, arch, betterSqlite3: sqlite };

if (process.argv.includes('--if-needed') && existsSync(join(out, 'better_sqlite3.node')) && existsSync(stampFile)) {
  const have = JSON.parse(readFileSync(stampFile, 'utf8'));
  if (Object.entries(want).every(([k, v]) => have[k] === v)) process.exit(0);
}

// npm runs scripts with the path of its own node-gyp; otherwise one installed beside the project.
const nodeGyp = process.env.npm_config_node_gyp ?? (() => {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    console.error('rebuild:electron: node-gyp not found. Run it through npm: npm run rebuild:electron');
    process.exit(2);
  }
})();

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'iwas-sqlite-electron-'));
try {
  cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${join(source, 'build')}`) });
  console.log(`Building better-sqlite3 for Electron ${electron} (${process.platform}-${arch})…`);
  const r = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], {
    cwd: work,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('rebuild:electron: the build failed (it needs the network for Electron\u2019s headers, and python3, make and a C++ compiler)');
    process.exit(r.status ?? 1);
  }
  mkdirSync(out, { recursive: true });
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3.node'));
  writeFileSync(stampFile, JSON.stringify({ ...want, builtAt: new Date().toISOString() }, null, 2));
  console.log(`${join(out, 'better_sqlite3.node')} ready`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
