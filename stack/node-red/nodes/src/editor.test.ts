// The editor side of every node: its .html loads the shared editor script from the package's
// resources/ folder (which Node-RED serves at resources/<package>/…), and run against a stand-in for
// the Node-RED editor, it registers its type with a form that has a field for every setting.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  'node-red': { nodes: Record<string, string> };
};
const SHARED_SCRIPT = `resources/${pkg.name}/editor.js`;
const editorJs = readFileSync(join(root, 'resources', 'editor.js'), 'utf8');

const nodes = Object.entries(pkg['node-red'].nodes).map(([type, js]) => {
  const file = join(root, 'src', js.replace(/^dist\//, '').replace(/\.js$/, '.html'));
  return { type, file, html: readFileSync(file, 'utf8') };
});

interface Setting {
  value: unknown;
  required?: boolean;
  validate?: (this: Record<string, unknown>, v: unknown) => boolean;
}
interface Registered {
  type: string;
  def: {
    category: string;
    color: string;
    defaults: Record<string, Setting>;
    credentials?: Record<string, unknown>;
    label: (this: Record<string, unknown>) => string;
    oneditprepare: () => void;
  };
  template: string;
  /** What oneditprepare did: the typed inputs it made and the rows it showed or hid. */
  typedInputs: string[];
  toggled: string[];
}

/**
 * Runs the shared script and one node's inline script against a stand-in editor (RED, $, the DOM),
 * then opens the form with `form`'s values in its fields.
 */
function loadEditor(html: string, form: Record<string, string> = {}): Registered[] {
  const registered: Registered[] = [];
  const templates = new Map<string, string>();
  const element = () => {
    const attrs: Record<string, string> = {};
    return {
      attrs,
      textContent: '',
      setAttribute: (k: string, v: string) => (attrs[k] = v),
    };
  };
  const document = {
    createElement: element,
    getElementById: () => null,
    body: {
      appendChild: (el: ReturnType<typeof element>) =>
        templates.set(el.attrs['data-template-name'] ?? '', el.textContent),
    },
  };
  let current: Registered | undefined;
  // jQuery as the shared script uses it, calls recorded. Validators see no open form (length 0).
  interface Chain {
    length: number;
    val(): string | undefined;
    typedInput(): Chain;
    toggle(show: boolean): Chain;
    on(event: string, handler: (this: Chain) => void): Chain;
    trigger(): Chain;
  }
  const $ = (selector: string | Chain): Chain => {
    if (typeof selector !== 'string') return selector; // $(this) in an event handler
    const handlers: ((this: Chain) => void)[] = [];
    const chain: Chain = {
      length: 0,
      val: () => form[selector.replace('#node-input-', '')],
      typedInput: () => (current?.typedInputs.push(selector), chain),
      toggle: (show) => (current?.toggled.push(`${selector} ${show ? 'shown' : 'hidden'}`), chain),
      on: (_event, handler) => (handlers.push(handler), chain),
      trigger: () => (handlers.forEach((h) => h.call(chain)), chain),
    };
    return chain;
  };
  const RED = {
    validators: {
      regex: (re: RegExp) => (v: unknown) => re.test(String(v)),
      typedInput: () => () => true,
    },
    nodes: {
      registerType: (type: string, def: Registered['def']) =>
        registered.push({ type, def, template: templates.get(type) ?? '', typedInputs: [], toggled: [] }),
    },
  };
  const context: Record<string, unknown> = { RED, $, document };
  context.window = context;
  runInNewContext(editorJs, context);
  for (const [, script] of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
    runInNewContext(script ?? '', context);
  for (const r of registered) {
    current = r;
    r.def.oneditprepare();
  }
  return registered;
}

/** The settings a node cannot have until the user sets them (its defaults are invalid on purpose). */
const MUST_BE_SET: Record<string, string[]> = {
  'status-github': ['repository'],
  'status-group-by': ['field'],
};

describe('the editor resource', () => {
  it('is in the installable package (npm pack keeps resources/)', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as { files: { path: string }[] }[];
    expect(packed[0]?.files.map((f) => f.path)).toContain('resources/editor.js');
  });

  describe.each(nodes)('$type', ({ type, file, html }) => {
    it('loads the shared editor script before its own', () => {
      expect(existsSync(file)).toBe(true);
      const scripts = [...html.matchAll(/<script type="text\/javascript"( src="([^"]+)")?>/g)];
      expect(scripts.map((m) => m[2])).toEqual([SHARED_SCRIPT, undefined]);
      expect(html).toContain(`data-help-name="${type}"`);
    });

    it('registers its type with a form field for every setting and credential', () => {
      const [node, ...others] = loadEditor(html);
      expect(others).toEqual([]);
      expect(node?.type).toBe(type);
      const { def, template } = node!;
      expect(def.category).toBe('STATUS');
      expect(def.color).toMatch(/^#[0-9A-F]{6}$/);
      expect(def.defaults.name).toEqual({ value: '' });
      const fields = [...template.matchAll(/id="node-input-([\w]+)"/g)].map((m) => m[1]).sort();
      const settings = [...Object.keys(def.defaults), ...Object.keys(def.credentials ?? {})].sort();
      expect(fields).toEqual(settings);
      expect(typeof def.label.call({ name: '', ...defaultValues(def.defaults) })).toBe('string');
    });

    it('has valid defaults, except the settings the user must give', () => {
      const { defaults } = loadEditor(html)[0]!.def;
      const node = { type, ...defaultValues(defaults) };
      const invalid = Object.entries(defaults)
        .filter(([, s]) => (s.required && s.value === '') || (s.validate && !s.validate.call(node, s.value)))
        .map(([key]) => key);
      expect(invalid).toEqual(MUST_BE_SET[type] ?? []);
    });

    it('makes a typed input of every typed setting when the form opens', () => {
      const { def, typedInputs } = loadEditor(html)[0]!;
      const typed = Object.keys(def.defaults).filter((k) => `${k}Type` in def.defaults);
      expect(typed.map((k) => `#node-input-${k}`).filter((s) => !typedInputs.includes(s))).toEqual([]);
    });
  });

  it('shows the rows of a choice only for that choice (the GitHub node: reviews read pull requests)', () => {
    const github = nodes.find((n) => n.type === 'status-github')!;
    expect(loadEditor(github.html, { resource: 'reviews' })[0]!.toggled).toEqual([
      '.status-row-state hidden',
      '.status-row-pullsProperty shown',
      '.status-row-usePeriod hidden',
    ]);
    expect(loadEditor(github.html, { resource: 'issues' })[0]!.toggled).toEqual([
      '.status-row-state shown',
      '.status-row-pullsProperty hidden',
      '.status-row-usePeriod shown',
    ]);
  });
});

function defaultValues(defaults: Record<string, Setting>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(defaults).map(([k, s]) => [k, s.value]));
}
