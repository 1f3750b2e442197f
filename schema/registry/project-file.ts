import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A file of the source tree, found from the compiled code too: dist/ mirrors the tree but tsc
 * copies no assets, so the project root (the folder with package.json) is the anchor.
 */
export function projectFile(...segments: string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, ...segments);
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}
