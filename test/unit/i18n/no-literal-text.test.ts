/**
 * Every string the cashier sees comes from the message files: this scans the renderer's
 * source (TypeScript's own parser) for text written in place: JSX text, string
 * attributes that are words (title="…", placeholder="…", label="…"), and sentences in
 * string literals. A line that must keep its literal (a brand, a language's own name)
 * says so with `i18n-ignore` in a comment on it or the line above.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = 'src/renderer';

/** Attributes whose strings are never shown. */
const TECHNICAL = new Set(['className', 'style', 'id', 'key', 'type', 'role', 'href', 'src', 'name', 'autoComplete', 'inputMode', 'htmlFor', 'rel', 'target', 'method', 'pattern', 'form', 'enterKeyHint', 'lang', 'dir', 'viewBox', 'd', 'fill', 'stroke', 'accept', 'autoCapitalize', 'spellCheck', 'xmlns', 'width', 'height', 'to', 'tab', 'variant', 'tone', 'size', 'kind', 'mode', 'testId', 'icon', 'align', 'scope', 'shortcut', 'keys', 'hotkey', 'shapeRendering', 'textAnchor', 'strokeLinecap', 'strokeLinejoin', 'preserveAspectRatio']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(tsx|ts)$/.test(f) ? [p] : [];
  });
}

/** Words a person reads: two letters in a row, not just an identifier-like token. */
const words = (s: string) => /[A-Za-z]{2,}/.test(s);
const sentence = (s: string) => /^[A-Z][a-z’']+[ ,][^]*[a-z]/.test(s.trim()) || /[a-z]{2,}[.!?…:]$/.test(s.trim()) && /\s/.test(s.trim());

export function literalTexts(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = source.split('\n');
  const ignored = (node: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
    return /i18n-ignore/.test(lines[line] ?? '') || /i18n-ignore/.test(lines[line - 1] ?? '');
  };
  const found: string[] = [];
  const seen = new Set<ts.Node>();
  const report = (node: ts.Node, text: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    if (ignored(node)) return;
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${file}:${line + 1}: ${JSON.stringify(text.trim().slice(0, 60))}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) {
      if (words(node.text)) report(node, node.text);
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      const init = node.initializer;
      const technical = TECHNICAL.has(name) || name.startsWith('data-') || name.startsWith('on') || name === 'aria-hidden' || name === 'aria-controls' || name === 'aria-describedby' || name === 'aria-labelledby';
      if (init && ts.isStringLiteral(init) && !technical && words(init.text) && /[A-Z ]/.test(init.text)) report(init, init.text);
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression)) && words(node.expression.text) && /[A-Z ]/.test(node.expression.text)) {
      const parent = node.parent;
      const technical = ts.isJsxAttribute(parent) && TECHNICAL.has(parent.name.getText(sf));
      if (!technical) report(node.expression, node.expression.text);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && sentence(node.text)) {
      const p = node.parent;
      const skip =
        (ts.isCallExpression(p) && /^(console\.\w+|new Error|Error|require|import|matchMedia|querySelector\w*)$/.test(p.expression.getText(sf))) ||
        (ts.isNewExpression(p) && /Error$/.test(p.expression.getText(sf))) ||
        ts.isPropertyAssignment(p) && /^(className|id)$/.test(p.name.getText(sf));
      if (!skip) report(node, node.text);
    } else if (ts.isTemplateExpression(node) && sentence(node.head.text + node.templateSpans.map((s) => ` x ${s.literal.text}`).join(''))) {
      report(node, node.getText(sf));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('renderer text comes from the message files', () => {
  it('finds literal text in a sample (the scanner itself works)', () => {
    const sample = `const a = <p title="Open the drawer">Sell now <b>{'Top up'}</b></p>;\nconst b = 'Cannot reach the service.';\nconst c = <i className="x y">{t('sell.title')}</i>; // fine\nconst d = <i>IWAS</i>; // i18n-ignore`;
    expect(literalTexts('sample.tsx', sample)).toEqual([
      'sample.tsx:1: "Open the drawer"',
      'sample.tsx:1: "Sell now"',
      'sample.tsx:1: "Top up"',
      'sample.tsx:2: "Cannot reach the service."',
    ]);
  });

  it('has no literal text in src/renderer', () => {
    const found = files(ROOT)
      .filter((f) => !f.includes(`${join(ROOT, 'i18n')}`))
      .flatMap((f) => literalTexts(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
