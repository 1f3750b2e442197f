/** The part of Apollo's cache policy the router narrows (`overallCachePolicy` of the request). */
interface RestrictablePolicy {
  restrict(hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }): void;
}

/**
 * How long one merged answer holds: no longer than its shortest-lived part, as Apollo's data
 * sources restrict the policy by each subgraph's Cache-Control. A shard that gave no max-age, or
 * failed, holds for 0 s; an answer for which no shard was asked leaves the policy alone.
 */
export class AnswerLifetime {
  private maxAgeS = Number.POSITIVE_INFINITY;

  answered(maxAgeS: number | undefined): void {
    this.maxAgeS = Math.min(this.maxAgeS, maxAgeS ?? 0);
  }

  failed(): void {
    this.maxAgeS = 0;
  }

  /** The shortest max-age (s) seen; null while no shard was asked. */
  get seconds(): number | null {
    return Number.isFinite(this.maxAgeS) ? this.maxAgeS : null;
  }

  restrict(policy: unknown): void {
    const seconds = this.seconds;
    if (seconds !== null && typeof policy === 'object' && policy !== null && 'restrict' in policy) {
      (policy as RestrictablePolicy).restrict({ maxAge: seconds, scope: 'PRIVATE' });
    }
  }
}
