/**
 * public/forms/forms.js: forms/rules.ts and browser/page.ts, each compiled alone with
 * TypeScript's transpileModule (types removed, nothing bundled), joined into one classic
 * script inside a function, so it runs from file:// too (browsers refuse module scripts
 * there) and adds no globals. page.ts imports the rules for the type checker; here that
 * import is dropped, and the rules' `export`s, because both are then in one scope.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const RULES = new URL('../forms/rules.ts', import.meta.url);
const PAGE = new URL('./browser/page.ts', import.meta.url);
const RULES_IMPORT = /^import\s[^;]*from\s+'\.\.\/\.\.\/forms\/rules\.ts';\s*$/gm;

export function formsScript(): string {
  const rules = transpile(readFileSync(RULES, 'utf8'), 'rules.ts');
  if (/^\s*import\s/m.test(rules)) throw new Error('scripts/forms/rules.ts must not import anything: the browser gets it as one file');
  const page = transpile(readFileSync(PAGE, 'utf8'), 'page.ts').replace(RULES_IMPORT, '');
  if (/^\s*import\s/m.test(page)) throw new Error('scripts/pages/browser/page.ts may import only ../../forms/rules.ts');
  const body = `${rules.replace(/^export (?=(?:async )?function |const |let |class )/gm, '')}\n${page}`;
  if (/^export\s/m.test(body)) throw new Error('scripts/forms/rules.ts exports something other than functions and constants; forms.js cannot inline it');
  return `// Built by npm run pages from scripts/forms/rules.ts and scripts/pages/browser/page.ts.\n(function () {\n'use strict';\n${body}\n})();\n`;
}

function transpile(source: string, fileName: string): string {
  const output = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ES2020, removeComments: false },
  });
  const errors = output.diagnostics ?? [];
  if (errors.length > 0) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
  return output.outputText.replace(/^export \{\};\s*$/m, '');
}
