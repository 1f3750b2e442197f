import { ConfigError } from '../../schema/config/read-variables';

/** The problems a configuration loader refuses with (variable and reason), or none when it loads. */
export function problemsOf(load: () => unknown): { variable: string; reason: string }[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(({ variable, reason }) => ({ variable, reason }));
    throw e;
  }
  return [];
}
