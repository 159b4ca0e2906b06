/**
 * The layering rules (DESIGN.md §1, STYLE.md), checked on the import graph of src/.
 * Every import, re-export, dynamic import() and require() is read with the TypeScript
 * parser and relative paths are resolved to files; each rule lists the offending
 * "file:line imports 'specifier'" so a failure says what to move. ESLint catches the
 * simplest of these while typing (eslint.config.js); this test is the exact check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

interface Import {
  /** The importing file, repo-relative with forward slashes: `src/main/core.ts`. */
  from: string;
  line: number;
  specifier: string;
  /** The file a relative specifier resolves to (repo-relative), null for packages and built-ins. */
  to: string | null;
  /** npm package name (`react`, `@tanstack/react-virtual`) when the specifier is not relative. */
  pkg: string | null;
  builtin: boolean;
  /** `import type` / `export type … from` / `import('x').T`: erased, no run-time dependency. */
  typeOnly: boolean;
}

interface Call {
  file: string;
  line: number;
  text: string;
}

const nodeBuiltins = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || nodeBuiltins.has(specifier) || nodeBuiltins.has(specifier.split('/')[0]!);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const repoPath = (abs: string) => relative(root, abs).split('\\').join('/');

function resolveRelative(fromAbs: string, specifier: string): string | null {
  const base = resolve(dirname(fromAbs), specifier);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return hit ? repoPath(hit) : null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => `${dir}/${f.split('\\').join('/')}`)
    .sort();
}

/** Reads every import of `file` and every call to a method named `tx` or `transaction`. */
function scan(file: string): { imports: Import[]; txCalls: Call[] } {
  const abs = join(root, file);
  const sf = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Import[] = [];
  const txCalls: Call[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    const relativePath = specifier.startsWith('.');
    imports.push({
      from: file,
      line: lineOf(node),
      specifier,
      to: relativePath ? resolveRelative(abs, specifier) : null,
      pkg: relativePath || isBuiltin(specifier) ? null : packageName(specifier),
      builtin: !relativePath && isBuiltin(specifier),
      typeOnly,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // With verbatimModuleSyntax, `import { type A } from 'x'` still loads 'x' (as `import {} from 'x'`): only `import type` is erased.
      add(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((dynamicImport || requireCall) && arg && ts.isStringLiteralLike(arg)) add(node, arg.text, false);
      if (ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'tx' || node.expression.name.text === 'transaction')) {
        txCalls.push({ file, line: lineOf(node), text: `${node.expression.getText(sf)}(…)` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { imports, txCalls };
}

const files = sourceFiles('src');
const scanned = files.map(scan);
const imports = scanned.flatMap((s) => s.imports);
const txCalls = scanned.flatMap((s) => s.txCalls);

const under = (file: string | null, dir: string) => file !== null && file.startsWith(`${dir}/`);
const show = (i: Import) => `${i.from}:${i.line} imports '${i.specifier}'${i.to ? ` (${i.to})` : ''}${i.typeOnly ? ' [type-only]' : ''}`;
const showCall = (c: Call) => `${c.file}:${c.line} calls ${c.text}`;
/** The folder right below `dir` that holds `file`: folderBelow('src/renderer/features/sell/x.tsx', 'src/renderer/features') → 'sell'. */
const folderBelow = (file: string, dir: string) => (under(file, dir) ? file.slice(dir.length + 1).split('/')[0]! : null);

/** npm packages that run in the browser, the only ones the renderer may import. Add one here when the UI needs it. */
const BROWSER_PACKAGES = new Set(['react', 'react-dom', 'zustand', 'zod', 'qrcode', '@tanstack/react-virtual', 'react-intl', 'intl-messageformat']);

/** Main's feature folders: each speaks to the outside world its own way and does not reach into another. */
const MAIN_FEATURES = ['radius', 'coa', 'pcsync', 'routeros', 'serve', 'sim'];

/** RADIUS on the wire: packets, attribute numbers, 64-bit counters. */
const RADIUS_WIRE = ['codec', 'dictionary', 'gigawords'].map((f) => `src/main/radius/${f}.ts`);

/**
 * Value imports allowed between main's feature folders (type-only imports are always allowed:
 * they are erased and add no run-time dependency). `from` is a folder (ending in /) or a file.
 */
const ALLOWED_BETWEEN_FEATURES: { from: string; to: string[]; why: string }[] = [
  { from: 'src/main/coa/', to: [...RADIUS_WIRE, 'src/main/radius/entitlement.ts'], why: 'Disconnect/CoA-Requests are RADIUS packets (codec.ts builds and reads them; the radius package is only a reference for the tests), and a CoA carries the limits an Access-Accept does' },
  { from: 'src/main/sim/', to: [...RADIUS_WIRE, 'src/main/radius/credentials.ts'], why: 'the simulated Hotspot is a RADIUS client: it builds packets, 64-bit counters and CHAP answers like a router' },
  { from: 'src/main/sim/', to: ['src/main/pcsync/signature.ts'], why: 'the simulated PC manager signs its webhooks like the real one' },
  { from: 'src/main/sim/demo.ts', to: ['src/main/serve/run.ts'], why: 'the demo is serve mode with the simulators around it: a composition root, like cli.ts' },
];

/** The Electron shell: the only files that may load 'electron' at run time. */
const ELECTRON_SHELL = (f: string) => f === 'src/main/index.ts' || f === 'src/main/preload.ts' || under(f, 'src/main/window') || under(f, 'src/main/ipc');

/** Strongly connected components of the graph (Tarjan) with more than one node: the cycles. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

/** One shortest cycle through the first node of `scc`: [a, b, a]. */
function cycleThrough(scc: string[], edges: Map<string, Set<string>>): string[] {
  const start = scc[0]!;
  const members = new Set(scc);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc;
}

/** The run-time (value) import graph between the units `unitOf` groups files into. */
function valueGraph(unitOf: (file: string) => string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>(files.map((f) => [unitOf(f), new Set<string>()]));
  for (const i of imports) {
    if (!i.typeOnly && i.to !== null && edges.has(unitOf(i.to)) && unitOf(i.to) !== unitOf(i.from)) edges.get(unitOf(i.from))!.add(unitOf(i.to));
  }
  return edges;
}

/**
 * A folder is one unit, except the files directly in src/main, src/renderer and src/shared:
 * those are entry points and composition roots (index.ts, cli.ts, core.ts) or small shared
 * modules, each its own unit, so "serve/run.ts starts core.ts" is not a cycle with everything core.ts wires.
 */
function folderOf(file: string): string {
  // The renderer's lib/ holds store-free helpers (which the stores use) and hooks over the
  // stores: there the rules are no cycle between files (9a) and features kept apart (4).
  if (under(file, 'src/renderer')) return file;
  const dir = dirname(file);
  return ['src/main', 'src/renderer', 'src/shared'].includes(dir) ? file : dir;
}

describe('architecture: the import graph of src/', () => {
  it('reads the graph: every relative import resolves to a file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.from === 'src/main/core.ts' && i.to === 'src/main/db/store.ts')).toBe(true);
    expect(imports.filter((i) => i.specifier.startsWith('.') && i.to === null).map(show)).toEqual([]);
  });

  it('1. the engine (src/shared/engine) imports only src/shared and zod: no main, renderer, Node built-in or other package', () => {
    const bad = imports.filter((i) => under(i.from, 'src/shared/engine') && !(under(i.to, 'src/shared') || i.pkg === 'zod'));
    expect(bad.map(show), 'the engine is pure rules shared by main and renderer').toEqual([]);
  });

  it('2. src/shared imports nothing from src/main or src/renderer', () => {
    const bad = imports.filter((i) => under(i.from, 'src/shared') && (under(i.to, 'src/main') || under(i.to, 'src/renderer')));
    expect(bad.map(show), 'src/shared is below both processes').toEqual([]);
  });

  it('3. the renderer imports from outside itself only src/shared and browser packages (no Node built-ins)', () => {
    const bad = imports.filter(
      (i) => under(i.from, 'src/renderer') && (i.builtin || (i.pkg !== null && !BROWSER_PACKAGES.has(i.pkg)) || (i.to !== null && !under(i.to, 'src/renderer') && !under(i.to, 'src/shared'))),
    );
    expect(bad.map(show), 'the renderer talks to the core only through the shared contract; a new browser package goes in BROWSER_PACKAGES').toEqual([]);
  });

  it('4. renderer feature folders (src/renderer/features/<name>) do not import each other', () => {
    const dir = 'src/renderer/features';
    const bad = imports.filter((i) => i.to !== null && folderBelow(i.from, dir) !== null && folderBelow(i.to, dir) !== null && folderBelow(i.from, dir) !== folderBelow(i.to, dir));
    expect(bad.map(show), 'shared widgets go in src/renderer/components').toEqual([]);
  });

  it(`5. main's feature folders (${MAIN_FEATURES.join(', ')}) do not import each other at run time, except the listed protocol helpers`, () => {
    const featureOf = (f: string) => MAIN_FEATURES.find((name) => under(f, `src/main/${name}`)) ?? null;
    const allowed = (i: Import) => ALLOWED_BETWEEN_FEATURES.some((a) => (a.from.endsWith('/') ? i.from.startsWith(a.from) : i.from === a.from) && a.to.includes(i.to!));
    const bad = imports.filter((i) => !i.typeOnly && i.to !== null && featureOf(i.from) !== null && featureOf(i.to) !== null && featureOf(i.from) !== featureOf(i.to) && !allowed(i));
    expect(bad.map(show), 'move what both need to src/main (or src/shared), or pass it in from core.ts').toEqual([]);
  });

  it('6. radius and coa do not touch the store: no value import of db/store, no transactions (services commit)', () => {
    const protocol = (file: string) => under(file, 'src/main/radius') || under(file, 'src/main/coa');
    const bad = [
      ...imports.filter((i) => protocol(i.from) && !i.typeOnly && i.to === 'src/main/db/store.ts').map(show),
      ...txCalls.filter((c) => protocol(c.file)).map(showCall),
    ];
    expect(bad, 'a RADIUS server or the Disconnect/CoA sender acts through a service, which opens the one transaction').toEqual([]);
  });

  it('7. the API handlers (src/main/api) open no transactions', () => {
    const bad = txCalls.filter((c) => under(c.file, 'src/main/api')).map(showCall);
    expect(bad, 'a multi-statement write belongs in a service (src/main/services), called by the handler').toEqual([]);
  });

  it("8. only the Electron shell (main/index.ts, preload.ts, window/, ipc/) imports 'electron' at run time", () => {
    const bad = imports.filter((i) => i.pkg === 'electron' && !i.typeOnly && !ELECTRON_SHELL(i.from));
    expect(bad.map(show), 'the core runs without Electron (serve mode, tests)').toEqual([]);
  });

  it('9a. no import cycles between files in src/ (value imports; type-only imports are erased)', () => {
    const edges = valueGraph((f) => f);
    const found = cycles(edges).map((scc) => `${cycleThrough(scc, edges).join(' → ')}${scc.length > 2 ? ` (the cycle's files: ${scc.join(', ')})` : ''}`);
    expect(found, 'a cycle makes load order matter; move the shared piece down a layer').toEqual([]);
  });

  it('9b. no import cycles between folders in src/main and src/shared (value imports; files directly in src/main, src/shared count alone)', () => {
    const edges = valueGraph(folderOf);
    const found = cycles(edges).map((scc) => {
      const path = cycleThrough(scc, edges);
      const hops = path.slice(1).map((to, n) => imports.find((i) => !i.typeOnly && i.to !== null && folderOf(i.from) === path[n] && folderOf(i.to) === to)!);
      return `${path.join(' → ')}: ${hops.map(show).join('; ')}`;
    });
    expect(found, 'folders form layers; a cycle between two means one reaches back up').toEqual([]);
  });
});
