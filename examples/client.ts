import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ProvincesDocument, RescueBasesWithCapabilityDocument } from './generated/graphql';

/**
 * A small typed client of the YRD gateway: the documents and their result and variable types are
 * generated from GET /schema.graphql (see codegen.yml), so a field the contract does not have, or
 * a variable of the wrong type, fails to compile here.
 */

const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const TOKEN = process.env.TOKEN;

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const res = await fetch(GATEWAY_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(TOKEN ? { authorization: `Bearer ${TOKEN}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const answer = (await res.json()) as Answer<TResult>;
  if (!answer.data || answer.errors?.length) throw new Error(`${res.status}: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

async function main(): Promise<void> {
  const { provinces } = await request(ProvincesDocument, {});
  const { rescueBases } = await request(RescueBasesWithCapabilityDocument, { capability: 'HAZMAT', first: 5 });
  const summary = {
    provinces: provinces.map((p) => `${p.code} ${p.name} (${p.nameEn})`),
    hazmatBases: rescueBases.totalCount,
    firstHazmatBases: rescueBases.edges.map(({ node }) => ({ id: node.id, name: node.name, province: node.province, level: node.level })),
  };
  console.log(JSON.stringify(summary, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
