import type { IncomingHttpHeaders } from 'node:http';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** A JSON POST as received: its bytes, its parsed body and its headers. */
export interface ReceivedRequest {
  /** The HTTP body as received: a sharing key holds these bytes, not a normalised form. */
  rawBody: string;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** A header's value as one string ('' when absent). */
export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

const SEPARATOR = '\u0000';

/** The operations of one document: each one's type by name ('' for a document's only operation). */
interface DocumentOperations {
  byName: Map<string, OperationType>;
  /** The document parses and every operation in it is a query. */
  onlyQueries: boolean;
}

/**
 * The gateway's one operation classifier: the type of operation a GraphQL request body asks for,
 * before Apollo Server sees it, and whether a subgraph fetch's document holds only queries: what
 * may be shared or reused (queries) and what may not. Each document is parsed once. A persisted
 * query sent by hash alone is known once Apollo Server has resolved that hash to its text
 * (`learnPersisted`).
 */
export class OperationTypes {
  private readonly byText: LRUCache<string, DocumentOperations>;
  private readonly byHash: LRUCache<string, DocumentOperations>;

  constructor(texts = 1000) {
    this.byText = new LRUCache({ max: texts });
    this.byHash = new LRUCache({ max: texts });
  }

  of(body: unknown): OperationType {
    if (typeof body !== 'object' || body === null) return 'unknown';
    const { query, operationName, extensions } = body as { query?: unknown; operationName?: unknown; extensions?: unknown };
    const name = typeof operationName === 'string' ? operationName : '';
    if (typeof query === 'string') return this.operationsOf(query).byName.get(name) ?? 'unknown';
    const hash = persistedQueryHash(extensions);
    return (hash === null ? undefined : this.byHash.get(hash))?.byName.get(name) ?? 'unknown';
  }

  /** True when the document holds only query operations (a document that does not parse is never shared). */
  onlyQueries(query: string): boolean {
    return this.operationsOf(query).onlyQueries;
  }

  /** Remembers the operations of a persisted query under its SHA-256, once the server has checked the pair. */
  learnPersisted(sha256Hash: string, query: string): void {
    if (!this.byHash.has(sha256Hash)) this.byHash.set(sha256Hash, this.operationsOf(query));
  }

  private operationsOf(query: string): DocumentOperations {
    let operations = this.byText.get(query);
    if (!operations) {
      operations = operationsIn(query);
      this.byText.set(query, operations);
    }
    return operations;
  }

  /**
   * The key under which identical requests by `identity` may share one answer: the same bytes, Accept
   * and Content-Type. Null for what must run on its own: anything but a query, or a request that
   * accepts incremental delivery.
   */
  sharingKey(request: ReceivedRequest, identity: string): string | null {
    const accept = headerText(request.headers.accept);
    if (accept.includes('multipart/mixed') || accept.includes('text/event-stream')) return null;
    if (this.of(request.body) !== 'query') return null;
    return [identity, accept, headerText(request.headers['content-type']), request.rawBody].join(SEPARATOR);
  }
}

function persistedQueryHash(extensions: unknown): string | null {
  if (typeof extensions !== 'object' || extensions === null) return null;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return null;
  const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

function operationsIn(query: string): DocumentOperations {
  const byName = new Map<string, OperationType>();
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return { byName, onlyQueries: false };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  for (const op of operations) {
    if (op.name) byName.set(op.name.value, op.operation);
  }
  if (operations.length === 1) byName.set('', operations[0].operation);
  return { byName, onlyQueries: operations.length > 0 && operations.every((op) => op.operation === 'query') };
}
