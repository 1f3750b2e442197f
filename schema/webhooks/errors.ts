export type WebhookErrorCode = 'WEBHOOK_TARGET_NOT_ALLOWED' | 'WEBHOOK_INVALID' | 'WEBHOOK_NOT_FOUND';

/** A refusal with a code and the facts, for the CLI, the mutations and the delivery log. */
export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly facts: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
