import { readFileSync } from 'node:fs';
import { projectFile } from '../../../schema/registry/project-file';

/**
 * GraphiQL's first tabs: one example operation per kind of caller (gateway/assets/graphiql/*.graphql),
 * with the development token of that caller preset as its header when `npm start` made some.
 */

export interface GraphiQLExample {
  file: string;
  /** The development token the example is for, by the name `npm start` prints (DEV_TOKEN_PRESETS). */
  caller: string;
  variables(now: Date): Record<string, unknown>;
}

/** GraphiQL's `defaultTabs` entries: the editors' texts. */
export interface GraphiQLTab {
  query: string;
  variables: string;
  headers: string;
}

const SHANGHAI = { lng: 121.4737, lat: 31.2304 };
const SUZHOU = { lng: 120.5853, lat: 31.2989 };
const HOUR_MS = 3_600_000;

export const GRAPHIQL_EXAMPLES: readonly GraphiQLExample[] = [
  { file: 'warnings-near.graphql', caller: 'app', variables: (now) => ({ point: SHANGHAI, radiusKm: 100, now: now.toISOString() }) },
  { file: 'hazmat-trip.graphql', caller: 'exchange', variables: (now) => ({ from: new Date(now.getTime() - 24 * HOUR_MS).toISOString(), to: now.toISOString() }) },
  { file: 'rescue-bases-near.graphql', caller: 'province JS', variables: () => ({ point: SUZHOU, capability: 'HAZMAT' }) },
  { file: 'resource-view.graphql', caller: 'exchange', variables: () => ({ updatedSince: null, after: null }) },
  {
    file: 'mutual-aid.graphql',
    caller: 'province JS',
    variables: (now) => ({
      input: {
        clientRequestId: `graphiql-${now.getTime()}`,
        baseId: 'ZJ:RescueBase:<an id from BasesToAsk>',
        fromProvince: 'JS',
        incident: { title: '苏州工业园区危化品泄漏（示例）', location: SUZHOU, occurredAt: now.toISOString() },
        contact: '江苏省应急管理厅值班室',
      },
      id: 'ZJ:MutualAidRequest:replace-with-the-id-RequestMutualAid-answered',
    }),
  },
  { file: 'registry-history.graphql', caller: 'auditor', variables: () => ({}) },
];

export function exampleOperation(file: string): string {
  return readFileSync(projectFile('gateway', 'assets', 'graphiql', file), 'utf8');
}

/** The first tab: where to start, and what the example tabs are. */
const WELCOME: GraphiQLTab = {
  query: [
    '# YRD emergency federation gateway: write a query, then run it with Ctrl-Enter.',
    '# The next tabs are examples, one per kind of caller (app, exchange, province JS, auditor); on a',
    '# development run of npm start, each has the token of its caller preset in Headers.',
    '',
    '{',
    '  __typename',
    '}',
    '',
  ].join('\n'),
  variables: '',
  headers: '',
};

/** The tabs, read once per page: a welcome tab, then the operations from their files with the variables as of `now`. */
export function graphiqlTabs(tokens: readonly { name: string; token: string }[], now: Date): GraphiQLTab[] {
  return [WELCOME, ...exampleTabs(tokens, now)];
}

function exampleTabs(tokens: readonly { name: string; token: string }[], now: Date): GraphiQLTab[] {
  return GRAPHIQL_EXAMPLES.map((example) => {
    const token = tokens.find((t) => t.name === example.caller)?.token;
    return {
      query: exampleOperation(example.file),
      variables: JSON.stringify(example.variables(now), null, 2),
      headers: token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '',
    };
  });
}
