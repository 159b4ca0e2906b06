import type { BuildOptions } from 'esbuild';
/** esbuild options for every main-process bundle, written to `outdir`. */
export function mainBundles(outdir: string): BuildOptions[];
