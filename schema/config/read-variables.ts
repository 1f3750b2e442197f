import type { Declarations, Variable } from './variable';

export type Env = Readonly<Record<string, string | undefined>>;

export type ValuesOf<D extends Declarations> = { readonly [K in keyof D]: D[K] extends Variable<infer T> ? T : never };

export const CONFIG_INVALID = 'CONFIG_INVALID';

export interface ConfigProblem {
  variable: string;
  value: string | undefined;
  reason: string;
}

/** Every invalid variable of one process's configuration, found at start, in one error. */
export class ConfigError extends Error {
  readonly code = CONFIG_INVALID;

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}=${JSON.stringify(p.value ?? '')}: ${p.reason}`).join('; ')}`);
  }
}

export type CrossCheck<D extends Declarations> = (values: ValuesOf<D>, env: Env) => ConfigProblem[];

/** Parses every declared variable of `env`; throws one ConfigError naming all that are invalid. */
export function readVariables<D extends Declarations>(declarations: D, env: Env, check?: CrossCheck<D>): ValuesOf<D> {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [name, variable] of Object.entries(declarations)) {
    const parsed = variable.schema.safeParse(env[name]);
    if (parsed.success) values[name] = parsed.data;
    else problems.push({ variable: name, value: env[name], reason: parsed.error.issues.map((i) => i.message).join(', ') });
  }
  if (problems.length === 0 && check) problems.push(...check(values as ValuesOf<D>, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as ValuesOf<D>;
}
