/** What a test or demo asks a simulator to do wrong, per province, at runtime. */
export interface FaultSettings {
  /** Added to every answer. */
  latencyMs: number;
  /** Share (0..1) of requests answered with the system's own server error. */
  errorRate: number;
  /** Share (0..1) of requests that never get an answer (the socket is held, then destroyed). */
  timeoutRate: number;
  /** Every request is refused at the connection (socket destroyed). */
  down: boolean;
  /** Share (0..1) of requests answered with a body that does not parse in the system's format. */
  malformedRate: number;
  /**
   * Share (0..1) of requests that the system carries out (a write commits) but whose answer is lost:
   * the socket is held like a "timeout", then destroyed. Default 0.
   */
  lostAnswerRate: number;
  /** How long a "timeout" holds the socket before destroying it. */
  timeoutHoldMs: number;
  /** Only requests whose path starts with one of these prefixes are affected (all when empty). */
  paths: string[];
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  down: false,
  malformedRate: 0,
  lostAnswerRate: 0,
  timeoutHoldMs: 30_000,
  paths: [],
};

export type FaultDecision = 'none' | 'down' | 'timeout' | 'error' | 'malformed' | 'lost-answer';

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private seq = 0;
  private gate: { released: Promise<void>; open: () => void } | null = null;

  get current(): FaultSettings {
    return { ...this.settings };
  }

  set(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    return this.current;
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
    this.seq = 0;
    this.gate?.open();
  }

  /**
   * Holds every answer until the returned function is called (or the faults are reset): a test in
   * the same process keeps calls in flight until what it waits for has happened, instead of
   * guessing a latency long enough for a loaded machine.
   */
  hold(): () => void {
    let open = (): void => undefined;
    const gate = { released: new Promise<void>((resolve) => (open = resolve)), open: () => undefined };
    gate.open = () => {
      if (this.gate === gate) this.gate = null;
      open();
    };
    this.gate = gate;
    return gate.open;
  }

  /** While answers are held, resolves once they may go; null when nothing is held. */
  released(): Promise<void> | null {
    return this.gate?.released ?? null;
  }

  /** Rates are applied by a deterministic sequence, so a rate of 0.25 fails exactly every 4th request. */
  decide(path: string): FaultDecision {
    const s = this.settings;
    if (s.paths.length > 0 && !s.paths.some((p) => path.startsWith(p))) return 'none';
    if (s.down) return 'down';
    this.seq += 1;
    const hits = (rate: number): boolean => rate > 0 && Math.floor(this.seq * rate) !== Math.floor((this.seq - 1) * rate);
    if (hits(s.timeoutRate)) return 'timeout';
    if (hits(s.errorRate)) return 'error';
    if (hits(s.malformedRate)) return 'malformed';
    if (hits(s.lostAnswerRate)) return 'lost-answer';
    return 'none';
  }
}
