import { existsSync } from 'node:fs';
import path from 'node:path';

/** An option's name: `--max-semi-space-size` of `--max-semi-space-size=64`. */
const nameOf = (option: string): string => option.split('=')[0];

/**
 * The node arguments a build's gateway runs with as deployed (its gateway/node-options.js; builds
 * before session 25 have none), then `extra`: an option of `extra` replaces the build's option of
 * the same name, and `deployed: false` leaves the build's out (V8's defaults).
 */
export function gatewayNodeArgs(dist: string, extra: readonly string[] = [], deployed = true): string[] {
  const file = path.join(dist, 'gateway/node-options.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- another build's module, found at run time
  const own = deployed && existsSync(file) ? ((require(file) as { GATEWAY_NODE_OPTIONS?: readonly string[] }).GATEWAY_NODE_OPTIONS ?? []) : [];
  const replaced = new Set(extra.map(nameOf));
  return [...own.filter((option) => !replaced.has(nameOf(option))), ...extra];
}
