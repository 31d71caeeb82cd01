/**
 * The layers of scripts/, checked over the import graph (issue 10, "the model on the
 * ground floor"): a module imports only from its own folder or from a lower layer, and
 * no modules import each other in a circle. Type-only imports count: they tie a module
 * to another's shape just as much. A failure names each import as `from → to`: move the
 * code to the layer it belongs to (or hand it in as a parameter), rather than reordering
 * LAYERS to hide it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../integration/harness.ts';

/** Lower layers first. Folders of one layer do not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['zendesk', 'gitlab', 'sandbox', 'salesforce'],
  ['kinds'],
  ['config', 'forms', 'csat'],
  ['organizations'],
  ['import', 'apply', 'render', 'pages'],
  ['workflow', 'requests', 'sync'],
  ['commands', 'pipeline'],
  ['(root)', 'bench'],
];

const SCRIPTS = join(REPO, 'scripts');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+\.ts)'/g;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Module (relative to scripts/) → the modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modules(SCRIPTS)) {
    const from = relative(SCRIPTS, file);
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => relative(SCRIPTS, normalize(join(dirname(file), match[1]))))
      .filter((to) => !to.startsWith('..'));
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

const folderOf = (module: string) => (module.includes('/') ? module.split('/')[0] : '(root)');
const layerOf = (module: string) => LAYERS.findIndex((layer) => layer.includes(folderOf(module)));

function upwardImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => folderOf(to) !== folderOf(from) && layerOf(to) >= layerOf(from)).map((to) => `${from} → ${to}`),
  );
}

/** Strongly connected components of more than one module (Tarjan), each as its sorted modules joined by " ↔ ". */
function cycles(graph: Map<string, string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (module: string) => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(module, Math.min(low.get(module)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(module, Math.min(low.get(module)!, index.get(next)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== module);
    if (component.length > 1) found.push(component.sort().join(' ↔ '));
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return found.sort();
}

describe('the layers of scripts/', () => {
  const graph = importGraph();

  it('places every folder in a layer', () => {
    const unplaced = [...new Set([...graph.keys()].map(folderOf))].filter((folder) => !LAYERS.some((layer) => layer.includes(folder)));
    expect(unplaced).toEqual([]);
  });

  it('has no import that goes up or sideways', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
