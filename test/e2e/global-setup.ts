/**
 * Builds the cashier UI once per test run into a temp directory, so browser tests always
 * run today's renderer (never a stale dist/). Tests read its path with inject('uiDir').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    uiDir: string;
  }
}

export default async function setup(project: TestProject) {
  const outDir = mkdtempSync(join(tmpdir(), 'iwas-ui-'));
  // The production build the app ships (vitest sets NODE_ENV=test, which would give React's development build).
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(__dirname, '../../vite.renderer.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = env;
  }
  project.provide('uiDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
