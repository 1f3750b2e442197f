import { buildSchema, GraphQLError } from 'graphql';
import { ANONYMOUS } from '../../schema/sharing-catalog';
import { ErrorCodes } from '../../schema/error-codes';
import type { Registry } from '../../schema/registry/registry';
import type { WebhookAllowList } from '../../schema/webhooks/allow-list';
import { checkSubscriptionDocument } from '../../schema/webhooks/document-check';
import { WebhookError } from '../../schema/webhooks/errors';
import { registerWebhook } from '../../schema/webhooks/register';
import type { WebhookStore } from '../../schema/webhooks/store';
import type { Delivery, WebhookRegistration, WebhookSource } from '../../schema/webhooks/types';
import type { RegistryContext } from './access';

export interface RegistryWebhooks {
  store: WebhookStore;
  allowList: WebhookAllowList;
}

interface SubscriptionWebhookInput {
  url: string;
  document: string;
  variablesJson?: string | null;
  operationName?: string | null;
  secret?: string | null;
}

function assertExchange(context: RegistryContext): void {
  if ((context.caller ?? ANONYMOUS).role !== 'exchange') throw new GraphQLError('webhooks are registered and read by the exchange platform only', { extensions: { code: ErrorCodes.FORBIDDEN } });
}

/** A refusal as a GraphQL error with its code and facts, e.g. WEBHOOK_TARGET_NOT_ALLOWED with the origin. */
function asGraphQLError(error: unknown): never {
  if (error instanceof WebhookError) throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.facts } });
  throw error;
}

function variablesOf(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new WebhookError('WEBHOOK_INVALID', 'variablesJson must be a JSON object', { argument: 'input.variablesJson' });
}

const webhookView = (w: WebhookRegistration) => ({
  id: w.id,
  url: w.url,
  source: w.source.kind === 'registry' ? 'REGISTRY' : 'SUBSCRIPTION',
  document: w.source.kind === 'subscription' ? w.source.document : null,
  createdBy: w.createdBy,
  createdAt: w.createdAt,
});

const deliveryView = (d: Delivery & { deadAt?: string }) => ({ id: d.id, webhookId: d.webhookId, type: d.type, attempts: d.attempts, lastError: d.lastError, deadAt: d.deadAt ?? null });

/** The webhook fields of the registry subgraph: role `exchange` only; the payloads of a subscription webhook follow the registering caller's catalog. */
export function webhookResolvers(registry: Registry, webhooks: RegistryWebhooks) {
  const register = async (context: RegistryContext, url: string, secret: string | null | undefined, source: WebhookSource) => {
    const caller = context.caller ?? ANONYMOUS;
    const registered = await registerWebhook(webhooks.store, webhooks.allowList, { url, secret, source, createdBy: caller.sub ?? 'exchange' }).catch(asGraphQLError);
    return { webhook: webhookView(registered), secret: registered.secret };
  };
  return {
    query: {
      webhooks: async (_: unknown, __: unknown, context: RegistryContext) => {
        assertExchange(context);
        return (await webhooks.store.list()).map(webhookView);
      },
      webhookDeadLetters: async (_: unknown, { webhookId }: { webhookId?: string | null }, context: RegistryContext) => {
        assertExchange(context);
        return (await webhooks.store.deadLetters(webhookId ?? undefined)).map(deliveryView);
      },
    },
    mutation: {
      registerSubscriptionWebhook: async (_: unknown, { input }: { input: SubscriptionWebhookInput }, context: RegistryContext) => {
        assertExchange(context);
        try {
          const live = await registry.liveVersion();
          checkSubscriptionDocument(input.document, input.operationName ?? null, live ? buildSchema(live.apiSchemaSdl) : null);
          const source: WebhookSource = { kind: 'subscription', document: input.document, variables: variablesOf(input.variablesJson), operationName: input.operationName ?? null, caller: context.caller ?? ANONYMOUS };
          return await register(context, input.url, input.secret, source);
        } catch (e) {
          return asGraphQLError(e);
        }
      },
      registerRegistryWebhook: async (_: unknown, { url, secret }: { url: string; secret?: string | null }, context: RegistryContext) => {
        assertExchange(context);
        return register(context, url, secret, { kind: 'registry' });
      },
      removeWebhook: async (_: unknown, { id }: { id: string }, context: RegistryContext) => {
        assertExchange(context);
        return webhooks.store.remove(id);
      },
      replayWebhookDeliveries: async (_: unknown, { ids, webhookId }: { ids?: string[] | null; webhookId?: string | null }, context: RegistryContext) => {
        assertExchange(context);
        const chosen = ids ?? (webhookId ? (await webhooks.store.deadLetters(webhookId)).map((d) => d.id) : []);
        const queued: Delivery[] = [];
        for (const id of chosen) {
          const again = await webhooks.store.replay(id);
          if (again) queued.push(again);
        }
        return queued.map(deliveryView);
      },
    },
  };
}
