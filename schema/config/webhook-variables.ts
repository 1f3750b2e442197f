import { integer, optionalText, text, type Variable } from './variable';

/** Whether every entry is an origin (`scheme://host[:port]`, nothing after it). */
function allOrigins(text: string | undefined): boolean {
  return (text ?? '').split(/[\s,]+/).filter((e) => e !== '').every((entry) => {
    try {
      const url = new URL(entry);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username && !entry.replace(/\/$/, '').slice(url.origin.length);
    } catch {
      return false;
    }
  });
}

const allowedTargets = optionalText({
  type: 'origins',
  defaultText: 'none: no target',
  description: 'the only origins (`scheme://host[:port]`, separated by spaces or commas) webhooks may be registered for and sent to; a listed name that resolves to a loopback, link-local or multicast address is refused at delivery',
});
const ALLOWED_TARGETS: Variable<string | undefined> = { ...allowedTargets, schema: allowedTargets.schema.refine(allOrigins, 'each entry must be an http(s) origin, scheme://host[:port], with no path') };

/** Webhooks (issue 16) and the registry's notifications (issue 17): where they are kept and how they are sent. */
export const WEBHOOK_STORE_VARIABLES = {
  WEBHOOK_FILE: text({ default: '.registry/webhooks.json', type: 'path', description: 'registered webhooks, their delivery queue and dead letters when `REDIS_URL` is unset' }),
  WEBHOOK_REDIS_PREFIX: text({ default: 'yrd:webhooks:', description: "prefix of the webhooks' Redis keys; one prefix is one set of webhooks" }),
} as const;

export const WEBHOOK_DELIVERY_VARIABLES = {
  WEBHOOK_ALLOWED_TARGETS: ALLOWED_TARGETS,
  WEBHOOK_MAX_ATTEMPTS: integer({ default: 8, min: 1, max: 100, description: 'attempts of one delivery before it becomes a dead letter' }),
  WEBHOOK_BACKOFF_MS: integer({ default: 1000, min: 1, unit: 'ms', description: 'the wait before the second attempt; it doubles with each failure (with jitter: half to all of it)' }),
  WEBHOOK_BACKOFF_MAX_MS: integer({ default: 300_000, min: 1, unit: 'ms', description: 'the longest wait between two attempts' }),
  WEBHOOK_TIMEOUT_MS: integer({ default: 10_000, min: 1, unit: 'ms', description: 'how long one attempt waits for the target to answer' }),
  WEBHOOK_POLL_MS: integer({ default: 1000, min: 10, unit: 'ms', description: 'how often each gateway asks the shared queue for due deliveries and the registrations for new webhooks' }),
} as const;
