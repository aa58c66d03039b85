import type { Context } from '../../graphql/context';
import { LimitError, LOWER_COST_HINT } from '../../graphql/errors';
import type { Client } from './client-identity';
import type { BudgetState, RateLimiter } from './rate-limiter';

/** The context of a request at the edge: the resolvers' context and the budget the request is charged to. */
export interface LimitedContext extends Context {
  budget: RequestBudget;
}

const seconds = (ms: number) => Math.max(Math.ceil(ms / 1000), 0);

/** What one request costs and what it left of its client's budget. */
export class RequestBudget {
  /** Set once the operation's cost is known, for the Query-Cost header. */
  cost: number | null = null;
  private state: BudgetState | null = null;
  private charged = false;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly client: Client,
  ) {}

  /**
   * Charges an operation's cost before it runs, 1 point at least (an operation of no cost, such as `{ __typename }`,
   * is not free to send); throws RATE_LIMITED (HTTP 429) when the budget does not cover it.
   */
  async charge(points: number): Promise<void> {
    const budget = this.limiter.budgetOf(this.client);
    // It could never run, whenever it were sent: said as such rather than as a budget spent (which it is not), and
    // not charged (the request is charged 1 point, as a refused one is: settle).
    if (budget !== null && points > budget) {
      throw new LimitError(
        'COST_LIMIT_EXCEEDED',
        `This query costs ${points} points, more than the whole rate limit of ${budget} points per minute for ${this.who}: it can never run. ${LOWER_COST_HINT}`,
        400,
      );
    }
    this.charged = true;
    this.state = await this.limiter.charge(this.client, Math.max(points, 1));
    if (this.state?.spent) throw new LimitError('RATE_LIMITED', this.refusal(this.state), 429);
  }

  /** Charges 1 point to a request that ran no operation (malformed, refused), then tells what is left; null when unlimited. */
  async settle(): Promise<BudgetState | null> {
    if (!this.charged) {
      this.charged = true;
      this.state = await this.limiter.charge(this.client, 1);
    }
    return this.state;
  }

  private get who(): string {
    return this.client.kind === 'key' ? `API key "${this.client.name}"` : 'your address';
  }

  /** The message of a refusal: what the budget is and when it is full again. */
  refusal(state: BudgetState): string {
    return `The rate limit of ${state.limit} cost points per minute for ${this.who} is spent; it is full again in ${seconds(state.resetMs)} s (Retry-After).`;
  }
}

/** The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers-06, and Retry-After once the budget is spent. */
export function rateLimitHeaders(state: BudgetState, windowSeconds: number): Record<string, string> {
  const reset = String(seconds(state.resetMs));
  const headers: Record<string, string> = {
    'ratelimit-policy': `${state.limit};w=${windowSeconds}`,
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': reset,
  };
  if (state.spent) headers['retry-after'] = reset;
  return headers;
}
