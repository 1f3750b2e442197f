import { print, type DocumentNode } from 'graphql';
import type { Answer, GatewayExecutor, Subscriber } from './subscriber';
import type { OperationOrigin } from './subscription-operation';

/** How long an answer serves the same caller's other subscriptions asking the same (one event's delivery). */
export const SHARED_ANSWER_MS = 1000;

/**
 * The gateway's executor for subscriptions, with one answer per event, caller, document and
 * variables, shared while the event is delivered: a caller holding many subscriptions of the same operation
 * (the exchange platform's workers, a dashboard in many tabs) costs one key query per event, not
 * one per subscription. The key is the whole caller (subject, role, province, catalog), so the
 * answer is the one each of those subscriptions would have had, and the access log still names who.
 */
export function sharedAnswers(executor: GatewayExecutor, now: () => number = Date.now): GatewayExecutor {
  const printed = new WeakMap<DocumentNode, string>();
  const answers = new Map<string, { at: number; answer: Promise<Answer> }>();
  const textOf = (document: DocumentNode): string => {
    let text = printed.get(document);
    if (text === undefined) {
      text = print(document);
      printed.set(document, text);
    }
    return text;
  };
  return {
    schema: () => executor.schema(),
    execute(document, variables, subscriber: Subscriber, event?: string, origin?: OperationOrigin) {
      if (event === undefined) return executor.execute(document, variables, subscriber, event, origin);
      const t = now();
      for (const [key, held] of answers) {
        if (t - held.at < SHARED_ANSWER_MS) break;
        answers.delete(key);
      }
      const key = JSON.stringify([event, textOf(document), variables, subscriber.caller, subscriber.authorization ?? null, origin ?? null]);
      const held = answers.get(key);
      if (held) return held.answer;
      const answer = executor.execute(document, variables, subscriber, event, origin);
      answers.set(key, { at: t, answer });
      answer.catch(() => answers.delete(key));
      return answer;
    },
  };
}
