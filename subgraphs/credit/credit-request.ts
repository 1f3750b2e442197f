import { GraphQLError, responsePathAsArray, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import type { BaseContext } from '@apollo/server';
import type { CreditCopy, CreditCopyState } from '../../adapters/credit';
import { beijingDate } from '../../adapters/kit/calendar-date';
import type { Clock } from '../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Caller } from '../../schema/sharing-catalog';

/**
 * One request to the credit subgraph: the copy it reads (once), today in Beijing, and the errors
 * that accompany the data (a stale copy), each reported once.
 */
export class CreditRequest implements BaseContext {
  readonly notices: GraphQLFormattedError[] = [];
  readonly today: string;
  private readonly noticed = new Set<string>();
  private state: Promise<CreditCopyState> | null = null;

  constructor(
    private readonly copy: CreditCopy,
    private readonly clock: Clock,
    readonly caller: Caller,
  ) {
    this.today = beijingDate(clock.now());
  }

  /** How long the answer holds: until the copy it was read from is due for its next sync, and no later than midnight in Beijing (statuses change then). */
  validForMs(): number {
    const midnight = Date.parse(`${this.today}T00:00:00+08:00`) + 86_400_000;
    return Math.max(0, Math.min(this.copy.freshUntil, midnight) - this.clock.now().getTime());
  }

  async read(info: GraphQLResolveInfo): Promise<CreditCopyState> {
    if (!this.state) this.state = this.copy.read();
    let state: CreditCopyState;
    try {
      state = await this.state;
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError)) throw e;
      throw new GraphQLError(`credit platform unavailable and no copy yet: ${e.message}`, { extensions: { code: e.code, province: 'CR', source: 'CR' } });
    }
    if (state.failure) {
      this.note('stale', {
        message: `CR credit platform unavailable (${state.failure.message}); serving the copy from the last good files`,
        path: responsePathAsArray(info.path),
        extensions: { code: state.failure.code, province: 'CR', source: 'CR', stale: true },
      });
    }
    return state;
  }

  private note(key: string, error: GraphQLFormattedError): void {
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.notices.push(error);
  }
}
