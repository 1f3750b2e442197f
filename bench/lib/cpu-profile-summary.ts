import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A V8 .cpuprofile (as `node --cpu-prof` writes it) summarised: self time by package or area of our
 * code, and by function. Times are in µs on the profile's clock, which on Linux is the monotonic
 * clock of process.hrtime, so a window measured in another process on the same machine applies.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based; -1 when unknown. */
  lineNumber: number;
  columnNumber?: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  selfMs: number;
  /** Of all the sampled time in the window. */
  share: number;
  /** Of the sampled time in the window that was not idle. */
  busyShare: number;
}

export interface AreaTime extends SelfTime {
  area: string;
}

export interface FunctionTime extends SelfTime {
  functionName: string;
  /** file:line relative to node_modules/ or our dist/, or the URL itself. */
  location: string;
  area: string;
}

export interface ProfileSummary {
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  samples: number;
  areas: AreaTime[];
  functions: FunctionTime[];
}

export interface SummaryOptions {
  /** Our compiled code's root (dist/): files under it are "ours". */
  ours: string;
  /** Only the samples taken in [fromUs, toUs) on the profile's clock. */
  window?: { fromUs: number; toUs: number };
}

const V8_PSEUDO_FRAMES = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);
const IDLE = '(idle)';

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

function filePath(url: string): string | null {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return url.startsWith('/') ? url : null;
}

function packageOf(file: string): string | null {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const [first, second] = file.slice(at + '/node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

export function areaOf(frame: CallFrame, ours: string): string {
  if (frame.url === '' && V8_PSEUDO_FRAMES.has(frame.functionName)) return frame.functionName;
  if (frame.url === '' || frame.url.startsWith('node:')) return 'node internals';
  const file = filePath(frame.url);
  if (file === null) return 'other';
  const pkg = packageOf(file);
  if (pkg !== null) return pkg;
  const relative = path.relative(ours, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'other';
  const folders = relative.split(path.sep).slice(0, -1);
  return `ours: ${folders.length > 0 ? folders.slice(0, 2).join('/') : relative}`;
}

export function locationOf(frame: CallFrame, ours: string): string {
  const file = filePath(frame.url);
  const line = frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : '';
  if (file === null) return frame.url === '' ? '' : `${frame.url}${line}`;
  const at = file.lastIndexOf('/node_modules/');
  if (at >= 0) return `${file.slice(at + '/node_modules/'.length)}${line}`;
  const relative = path.relative(ours, file);
  return `${relative.startsWith('..') ? file : relative}${line}`;
}

/**
 * Each sample stands for the time until the next one (the last until the profile's end), as
 * Chrome DevTools counts self time.
 */
function sampleDurations(profile: CpuProfile): { at: number; us: number }[] {
  const at: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) at.push((t += delta));
  return at.map((time, i) => ({ at: time, us: Math.max(0, (i + 1 < at.length ? at[i + 1] : profile.endTime) - time) }));
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addTo<T extends { us: number }>(map: Map<string, T>, key: string, us: number, create: () => T): void {
  const entry = map.get(key) ?? create();
  entry.us += us;
  map.set(key, entry);
}

export function summariseProfile(profile: CpuProfile, options: SummaryOptions): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, { us: number }>();
  const functions = new Map<string, { us: number; frame: CallFrame }>();
  let sampledUs = 0;
  let idleUs = 0;
  let samples = 0;
  sampleDurations(profile).forEach(({ at, us }, i) => {
    if (options.window && (at < options.window.fromUs || at >= options.window.toUs)) return;
    const node = nodes.get(profile.samples[i]);
    if (!node) throw new Error(`sample ${i} names node ${profile.samples[i]}, which the profile lacks`);
    const frame = node.callFrame;
    const area = areaOf(frame, options.ours);
    samples += 1;
    sampledUs += us;
    if (area === IDLE) idleUs += us;
    addTo(areas, area, us, () => ({ us: 0 }));
    addTo(functions, `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber ?? -1}`, us, () => ({ us: 0, frame }));
  });
  const busyUs = sampledUs - idleUs;
  const times = (us: number, area: string): SelfTime => ({
    selfMs: us / 1000,
    share: sampledUs > 0 ? us / sampledUs : 0,
    busyShare: busyUs > 0 && area !== IDLE ? us / busyUs : 0,
  });
  const areaTimes = [...areas].map(([area, { us }]) => ({ area, ...times(us, area) }));
  const functionTimes = [...functions.values()].map(({ us, frame }) => {
    const area = areaOf(frame, options.ours);
    return { functionName: frame.functionName || '(anonymous)', location: locationOf(frame, options.ours), area, ...times(us, area) };
  });
  return {
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    samples,
    areas: areaTimes.sort((a, b) => b.selfMs - a.selfMs || byText(a.area, b.area)),
    functions: functionTimes.sort((a, b) => b.selfMs - a.selfMs || byText(a.location, b.location) || byText(a.functionName, b.functionName)),
  };
}
