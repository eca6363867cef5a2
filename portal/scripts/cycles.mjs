// Fails on any import cycle among the modules of src/: every import,
// export-from and dynamic import of a .ts file (type-only ones too: a
// cycle of types is still a tangle), resolved as tsconfig.json resolves
// it. Prints each cycle as a chain of files. Run by `npm run cycles` and
// `scripts/portal.sh check`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const config = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const options = config.options;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Each module of src/ → the modules of src/ it imports. */
const graph = new Map();
for (const file of files(src)) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const deps = new Set();
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved && resolved.startsWith(src + '/')) deps.add(resolved);
  }
  graph.set(file, [...deps].sort());
}

// Tarjan's strongly connected components: a component of more than one
// module, or a module importing itself, is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index += 1;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) {
      info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

/** One cycle through the component, as a chain that ends where it starts. */
function chain(component) {
  const inside = new Set(component);
  const start = component.sort()[0];
  const seen = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = seen.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (inside.has(w) && !seen.has(w)) {
        seen.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

const name = (f) => relative(root, f);
if (cycles.length > 0) {
  console.error(`import cycles in src/ (${cycles.length}):`);
  for (const c of cycles) {
    const path = chain(c);
    const more = c.length > path.length - 1 ? `  (one of the cycles among ${c.length} modules)` : '';
    console.error(`  ${path.map(name).join(' → ')}${more}`);
  }
  process.exit(1);
}
console.log(`import cycles: none among ${graph.size} modules of src/`);
