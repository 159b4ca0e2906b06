/** The installer configuration (electron-builder.yml) and what the desktop bundles need at run time. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainBundles } from '../../scripts/bundles.mjs';
import { parse } from 'yaml';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';

const ROOT = join(__dirname, '../..');

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration & {
  win: { target: unknown };
  linux: { target: { target: string }[] };
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds a per-machine Windows installer with a desktop shortcut, and a Linux AppImage and .deb', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, createDesktopShortcut: 'always', createStartMenuShortcut: true, deleteAppDataOnUninstall: false });
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('lets the routers and the PC manager through Windows Firewall (added on install, removed on uninstall)', () => {
    expect(config.nsis!.include).toBe('build/installer.nsh');
    const nsh = readFileSync(join(ROOT, config.nsis!.include!), 'utf8');
    expect(nsh).toMatch(/!macro customInstall[\s\S]*firewall add rule name="IWAS Counter" dir=in action=allow program="\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}"[^\n]*remoteip=localsubnet[\s\S]*!macroend/);
    expect(nsh).toMatch(/!macro customUnInstall\s+nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="IWAS Counter"'\s+!macroend/);
  });

  it('packs the app in asar, with better-sqlite3 outside it and built for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toEqual([{ from: 'build/native/electron', to: 'native', filter: ['better_sqlite3.node', 'build-info.json'] }]);
    expect(config.files).toEqual(['dist/main/**/*', 'dist/renderer/**/*', 'package.json', '!**/*.map']);
    expect(pkg.main).toBe('dist/main/index.cjs');
    expect(pkg.scripts.dist).toMatch(/rebuild-electron-native\.mjs.*electron-builder/);
  });

  it('sets the fuses: no run-as-node, no NODE_OPTIONS, no --inspect, asar integrity, app only from asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships a supported Electron (one of the newest three majors)', () => {
    const electron = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(Number(electron.version.split('.')[0])).toBeGreaterThanOrEqual(43);
    expect(pkg.devDependencies.electron).toBe(electron.version);
  });
});

describe('the desktop bundles', () => {
  // Built here, as scripts/build.mjs builds them, into a folder of this test's own.
  const out = mkdtempSync(join(tmpdir(), 'iwas-bundles-'));
  beforeAll(async () => {
    for (const options of mainBundles(out)) await build({ ...options, absWorkingDir: ROOT, logLevel: 'error' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const requires = (file: string) => [...readFileSync(join(out, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
  const builtin = (m: string) => m.startsWith('node:') || builtinModules.includes(m);

  it('the main process needs only Node, Electron and the runtime dependencies the installer ships', () => {
    const external = new Set(requires('index.cjs').filter((m) => !builtin(m)));
    // source-map-support: node-routeros asks for it only under its own test environment.
    expect([...external].sort()).toEqual(['better-sqlite3', 'electron', 'source-map-support']);
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
    // The RADIUS codec is the app's own: the `radius` package is only the tests' reference for it.
    expect(pkg.dependencies).not.toHaveProperty('radius');
    expect(pkg.devDependencies).toHaveProperty('radius');
  });

  it('the sandboxed preload script is one file that requires only electron', () => {
    expect(requires('preload.cjs')).toEqual(['electron']);
  });
});
