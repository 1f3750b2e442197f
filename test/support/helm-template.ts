import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * `helm template` for this chart, in process: no helm binary exists in Debian or npm here, so the
 * test renders the chart's Go templates with this interpreter of the subset the chart uses
 * (define/include, if/else if/else, range over maps (sorted keys) and lists, variables, pipelines,
 * and the functions below, with Go's and Sprig's meanings), after merging the values files as Helm
 * does (maps deeply, lists replaced). Anything outside the subset throws rather than guesses.
 */

type Value = unknown;
type Scope = Map<string, Value>[];
type Operand =
  | { k: 'lit'; v: Value }
  | { k: 'field'; base: 'dot' | string; path: string[] }
  | { k: 'fn'; name: string }
  | { k: 'pipe'; pipe: Command[] };
type Command = Operand[];
type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; pipe: Command[] }
  | { t: 'decl'; name: string; pipe: Command[] }
  | { t: 'if'; branches: { cond: Command[] | null; body: Node[] }[] }
  | { t: 'range'; key?: string; value?: string; pipe: Command[]; body: Node[] };

export interface HelmRelease {
  name: string;
  namespace: string;
}

function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function text(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') throw new Error(`cannot print ${JSON.stringify(v)} (use toYaml)`);
  return String(v);
}

function lex(action: string): string[] {
  const tokens = action.match(/"(?:[^"\\]|\\.)*"|:=|[()|,=]|[^\s()|,=]+/g);
  return tokens ?? [];
}

function parsePipe(tokens: string[], at: { i: number }): Command[] {
  const commands: Command[] = [[]];
  while (at.i < tokens.length && tokens[at.i] !== ')') {
    const tok = tokens[at.i++];
    const command = commands[commands.length - 1];
    if (tok === '|') commands.push([]);
    else if (tok === '(') {
      command.push({ k: 'pipe', pipe: parsePipe(tokens, at) });
      if (tokens[at.i++] !== ')') throw new Error('unclosed (');
    } else if (tok.startsWith('"')) command.push({ k: 'lit', v: JSON.parse(tok) as string });
    else if (/^-?\d+(\.\d+)?$/.test(tok)) command.push({ k: 'lit', v: Number(tok) });
    else if (tok === 'true' || tok === 'false') command.push({ k: 'lit', v: tok === 'true' });
    else if (tok === 'nil') command.push({ k: 'lit', v: null });
    else if (tok.startsWith('.')) command.push({ k: 'field', base: 'dot', path: tok.split('.').slice(1).filter(Boolean) });
    else if (tok.startsWith('$')) {
      const [base, ...rest] = tok.split('.');
      command.push({ k: 'field', base, path: rest });
    } else if (/^[A-Za-z]\w*$/.test(tok)) command.push({ k: 'fn', name: tok });
    else throw new Error(`unexpected token ${tok}`);
  }
  return commands;
}

function pipeOf(source: string): Command[] {
  return parsePipe(lex(source), { i: 0 });
}

/** Parses one file into nodes; `define`d templates go into `defines`. */
function parse(source: string, defines: Map<string, Node[]>): Node[] {
  const parts: ({ text: string } | { action: string })[] = [];
  let last = 0;
  for (const m of source.matchAll(/\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g)) {
    let before = source.slice(last, m.index);
    if (m[1]) before = before.replace(/\s+$/, '');
    parts.push({ text: before }, { action: m[2].trim() });
    last = (m.index ?? 0) + m[0].length;
    if (m[3]) {
      const rest = source.slice(last);
      last += rest.length - rest.replace(/^\s+/, '').length;
    }
  }
  parts.push({ text: source.slice(last) });
  const root: Node[] = [];
  const stack: { body: Node[]; node?: Node; define?: string }[] = [{ body: root }];
  const top = () => stack[stack.length - 1];
  for (const part of parts) {
    if ('text' in part) {
      if (part.text) top().body.push({ t: 'text', s: part.text });
      continue;
    }
    const a = part.action;
    if (a.startsWith('/*')) continue;
    const [word] = a.split(/\s+/, 1);
    const rest = a.slice(word.length).trim();
    if (word === 'define') stack.push({ body: [], define: JSON.parse(rest) as string });
    else if (word === 'if') {
      const node: Node = { t: 'if', branches: [{ cond: pipeOf(rest), body: [] }] };
      top().body.push(node);
      stack.push({ body: node.branches[0].body, node });
    } else if (word === 'else') {
      const { node } = stack.pop() ?? {};
      if (node?.t !== 'if') throw new Error('else outside if');
      const branch = { cond: rest.startsWith('if ') ? pipeOf(rest.slice(3)) : null, body: [] as Node[] };
      node.branches.push(branch);
      stack.push({ body: branch.body, node });
    } else if (word === 'range') {
      const decl = rest.match(/^(\$\w+)(?:\s*,\s*(\$\w+))?\s*:=\s*([\s\S]+)$/);
      const node: Node = decl
        ? { t: 'range', key: decl[2] ? decl[1] : undefined, value: decl[2] ?? decl[1], pipe: pipeOf(decl[3]), body: [] }
        : { t: 'range', pipe: pipeOf(rest), body: [] };
      top().body.push(node);
      stack.push({ body: node.body, node });
    } else if (word === 'end') {
      const done = stack.pop();
      if (!done || stack.length === 0) throw new Error('end without a block');
      if (done.define !== undefined) defines.set(done.define, done.body);
    } else if (/^\$\w+\s*:?=/.test(a)) {
      const [, name, value] = a.match(/^(\$\w+)\s*:?=\s*([\s\S]+)$/) as RegExpMatchArray;
      top().body.push({ t: 'decl', name, pipe: pipeOf(value) });
    } else if (['with', 'template', 'block', 'tpl'].includes(word)) throw new Error(`unsupported action: ${word}`);
    else top().body.push({ t: 'out', pipe: pipeOf(a) });
  }
  if (stack.length !== 1) throw new Error('unclosed block');
  return root;
}

function indentLines(n: number, s: string): string {
  return s.split('\n').map((line) => (line ? ' '.repeat(n) + line : line)).join('\n');
}

function printf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%[svdq%]/g, (verb) => (verb === '%%' ? '%' : verb === '%q' ? JSON.stringify(text(args[i++])) : text(args[i++])));
}

class Renderer {
  constructor(private readonly defines: Map<string, Node[]>) {}

  private readonly functions: Record<string, (...args: Value[]) => Value> = {
    include: (name, data) => this.render(this.defines.get(name as string) ?? [], data),
    dict: (...kv) => Object.fromEntries(Array.from({ length: kv.length / 2 }, (_, i) => [kv[2 * i] as string, kv[2 * i + 1]])),
    list: (...items) => items,
    set: (d, k, v) => Object.assign(d as object, { [k as string]: v }),
    default: (fallback, v) => (truthy(v) ? v : fallback),
    required: (message, v) => {
      if (!truthy(v)) throw new Error(message as string);
      return v;
    },
    printf: (format, ...args) => printf(format as string, args),
    quote: (v) => JSON.stringify(text(v)),
    lower: (v) => text(v).toLowerCase(),
    toString: (v: Value) => text(v),
    toYaml: (v) => YAML.stringify(v).replace(/\n$/, ''),
    nindent: (n, s) => `\n${indentLines(n as number, text(s))}`,
    indent: (n, s) => indentLines(n as number, text(s)),
    not: (v) => !truthy(v),
    and: (...vs) => vs.find((v) => !truthy(v)) ?? vs[vs.length - 1],
    or: (...vs) => vs.find((v) => truthy(v)) ?? vs[vs.length - 1],
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
  };

  private operand(op: Operand, dot: Value, scope: Scope): Value {
    if (op.k === 'lit') return op.v;
    if (op.k === 'pipe') return this.pipe(op.pipe, dot, scope);
    if (op.k === 'fn') return this.call(op.name, []);
    let v: Value = op.base === 'dot' ? dot : this.lookup(op.base, scope);
    for (const key of op.path) v = v !== null && typeof v === 'object' ? (v as Record<string, Value>)[key] : undefined;
    return v;
  }

  private lookup(name: string, scope: Scope): Value {
    for (let i = scope.length - 1; i >= 0; i--) if (scope[i].has(name)) return scope[i].get(name);
    throw new Error(`undefined variable ${name}`);
  }

  private call(name: string, args: Value[]): Value {
    const fn = this.functions[name];
    if (!fn) throw new Error(`unsupported function ${name}`);
    return fn(...args);
  }

  private pipe(commands: Command[], dot: Value, scope: Scope): Value {
    let piped: Value[] = [];
    for (const [head, ...args] of commands) {
      const values = args.map((a) => this.operand(a, dot, scope));
      piped = [head.k === 'fn' ? this.call(head.name, [...values, ...piped]) : this.operand(head, dot, scope)];
    }
    return piped[0];
  }

  render(nodes: Node[], dot: Value, scope: Scope = [new Map([['$', dot]])]): string {
    let out = '';
    for (const node of nodes) {
      if (node.t === 'text') out += node.s;
      else if (node.t === 'out') out += text(this.pipe(node.pipe, dot, scope));
      else if (node.t === 'decl') {
        const owner = [...scope].reverse().find((s) => s.has(node.name)) ?? scope[scope.length - 1];
        owner.set(node.name, this.pipe(node.pipe, dot, scope));
      } else if (node.t === 'if') {
        const branch = node.branches.find((b) => b.cond === null || truthy(this.pipe(b.cond, dot, scope)));
        if (branch) out += this.render(branch.body, dot, [...scope, new Map()]);
      } else {
        const over = this.pipe(node.pipe, dot, scope);
        const entries: [Value, Value][] = Array.isArray(over) ? over.map((v, i) => [i, v]) : over && typeof over === 'object' ? Object.keys(over).sort().map((k) => [k, (over as Record<string, Value>)[k]]) : [];
        for (const [key, value] of entries) {
          const vars = new Map<string, Value>();
          if (node.key) vars.set(node.key, key);
          if (node.value) vars.set(node.value, value);
          out += this.render(node.body, value, [...scope, vars]);
        }
      }
    }
    return out;
  }
}

function merge(base: Value, over: Value): Value {
  if (!base || !over || typeof base !== 'object' || typeof over !== 'object' || Array.isArray(base) || Array.isArray(over)) return over === undefined ? base : over;
  const out: Record<string, Value> = { ...(base as Record<string, Value>) };
  for (const [k, v] of Object.entries(over as Record<string, Value>)) out[k] = merge(out[k], v);
  return out;
}

/** Renders the chart with its values.yaml and then each of `valuesFiles` merged over it; the manifests, one object per document. */
export function helmTemplate(chartDir: string, valuesFiles: string[], release: HelmRelease): Record<string, unknown>[] {
  const load = (file: string): Value => YAML.parse(readFileSync(path.join(chartDir, file), 'utf8')) as Value;
  const values = valuesFiles.reduce((acc, file) => merge(acc, load(file)), load('values.yaml'));
  const chart = load('Chart.yaml') as Record<string, string>;
  const context = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const defines = new Map<string, Node[]>();
  const dir = path.join(chartDir, 'templates');
  const files = readdirSync(dir).sort();
  const parsed = files.map((f) => ({ f, nodes: parse(readFileSync(path.join(dir, f), 'utf8'), defines) }));
  const renderer = new Renderer(defines);
  return parsed
    .filter(({ f }) => !f.startsWith('_') && /\.ya?ml$/.test(f))
    .flatMap(({ f, nodes }) =>
      YAML.parseAllDocuments(renderer.render(nodes, context)).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${f}: ${doc.errors.map((e) => e.message).join('; ')}`);
        return doc.toJS() as Record<string, unknown> | null;
      }),
    )
    .filter((doc): doc is Record<string, unknown> => doc !== null);
}
