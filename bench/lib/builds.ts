import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';

/** Builds named in `variable` (`label=root,…`, e.g. BENCH_BUILDS), default this checkout. */
export function buildsFrom(text: string | undefined, variable = 'BENCH_BUILDS'): { label: string; root: string }[] {
  if (!text) return [{ label: 'this build', root: projectFile() }];
  return text.split(',').map((pair) => {
    const [label, root] = pair.split('=');
    if (!label || !root) throw new Error(`${variable}: "${pair}" is not label=root`);
    return { label, root: path.resolve(root) };
  });
}
