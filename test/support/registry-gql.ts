import { bearer } from './tokens';

export interface Answer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL client of a registry subgraph whose URL is known later; as an auditor unless other headers are given. */
export function registryGql(url: () => string) {
  return async function gql<T>(query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<Answer<T>> {
    const auth = headers ?? (await bearer({ role: 'auditor' }));
    const response = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Answer<T>;
  };
}
