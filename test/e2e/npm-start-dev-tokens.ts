import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** What the tokens `npm start` prints must see, and how to ask the running federation. */

type Seen = 'visible' | 'FORBIDDEN';

export interface SeenByToken {
  /** RescueBase.dutyPhone (RESCUE_RESOURCES) of a Jiangsu base and of a Shanghai base. */
  jsDutyPhone: Seen;
  shDutyPhone: Seen;
  /** HazmatEnterprise.contactPhone (HAZMAT_DETAIL) of a Jiangsu enterprise. */
  contactPhone: Seen;
  /** The registry's history (rule 4). */
  registry: Seen;
}

export const ROLE_CHECKS: { name: string; expected: SeenByToken }[] = [
  { name: 'exchange', expected: { jsDutyPhone: 'visible', shDutyPhone: 'visible', contactPhone: 'visible', registry: 'visible' } },
  { name: 'province JS', expected: { jsDutyPhone: 'visible', shDutyPhone: 'FORBIDDEN', contactPhone: 'visible', registry: 'FORBIDDEN' } },
  { name: 'app', expected: { jsDutyPhone: 'FORBIDDEN', shDutyPhone: 'FORBIDDEN', contactPhone: 'FORBIDDEN', registry: 'FORBIDDEN' } },
  { name: 'auditor', expected: { jsDutyPhone: 'FORBIDDEN', shDutyPhone: 'FORBIDDEN', contactPhone: 'FORBIDDEN', registry: 'visible' } },
];

/** The `Authorization: Bearer …` lines of the banner, by the name of the line above them that opens a token's block. */
export function printedTokens(output: string): Map<string, string> {
  const tokens = new Map<string, string>();
  let name: string | null = null;
  for (const line of output.split('\n')) {
    const heading = /^ {2}(\S[^:(]*?)(?: \(catalog [^)]*\))?:$/.exec(line);
    if (heading) name = heading[1];
    const bearer = /^ {4}Authorization: Bearer (\S+)$/.exec(line);
    if (bearer && name) tokens.set(name, bearer[1]);
  }
  return tokens;
}

const QUERY = `{
  js: rescueBases(first: 1, filter: { provinces: [JS] }) { edges { node { dutyPhone } } }
  sh: rescueBases(first: 1, filter: { provinces: [SH] }) { edges { node { dutyPhone } } }
  hazmatEnterprises(first: 1, filter: { provinces: [JS] }) { edges { node { contactPhone } } }
}`;

interface Answer {
  data?: Record<string, { edges: { node: Record<string, unknown> }[] } | null> | null;
  errors?: { path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function post(token: string, query: string): Promise<Answer> {
  const res = await fetch('http://127.0.0.1:4000/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

function seen(answer: Answer, root: string, field: string): Seen {
  const value = answer.data?.[root]?.edges[0]?.node[field];
  const forbidden = (answer.errors ?? []).some((e) => e.path?.[0] === root && e.path.at(-1) === field && e.extensions?.code === 'FORBIDDEN');
  if (forbidden && value === null) return 'FORBIDDEN';
  if (!forbidden && typeof value === 'string') return 'visible';
  throw new Error(`${root}…${field}: neither visible nor FORBIDDEN: ${JSON.stringify(answer)}`);
}

export async function seenByToken(token: string): Promise<SeenByToken> {
  const data = await post(token, QUERY);
  const registry = await post(token, '{ liveSchemaVersion { number } }');
  const registryForbidden = (registry.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN');
  return {
    jsDutyPhone: seen(data, 'js', 'dutyPhone'),
    shDutyPhone: seen(data, 'sh', 'dutyPhone'),
    contactPhone: seen(data, 'hazmatEnterprises', 'contactPhone'),
    registry: registryForbidden ? 'FORBIDDEN' : 'visible',
  };
}

/** `npm run token -- …` as built: the token is stdout's one line. */
export async function tokenFromCommand(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], { env: { ...process.env, JWT_SECRET: '', ...env } });
  expect(stderr).toContain('this token sees');
  return stdout.trim();
}

export interface ServedTab {
  query: string;
  variables: string;
  headers: string;
}

/** GraphiQL's tabs as the gateway serves them (in start.js, whose JSON the page hands to GraphiQL). */
export async function servedGraphiQLTabs(origin: string): Promise<ServedTab[]> {
  const script = await (await fetch(`${origin}/graphiql/assets/start.js`)).text();
  const json = /defaultTabs: (\[.*\]),\n/.exec(script)?.[1];
  if (!json) throw new Error(`no defaultTabs in start.js:\n${script}`);
  return JSON.parse(json) as ServedTab[];
}

/** The codes of the errors an operation of a tab answers with, run as GraphiQL would run it. */
export async function errorCodesOfTab(origin: string, tab: ServedTab, operationName: string): Promise<string[]> {
  const headers = tab.headers ? (JSON.parse(tab.headers) as Record<string, string>) : {};
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: tab.query, variables: tab.variables ? (JSON.parse(tab.variables) as unknown) : {}, operationName: operationName || undefined }),
  });
  const body = (await res.json()) as Answer;
  return (body.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
}
