/**
 * What one socket may send: a token bucket of `burst` packets refilled at `perSecond`.
 * A browser sends a handful (a join per site when it connects, a leave now and then), so the
 * budget only ever bites a broken or hostile client. Over budget a packet is refused, and each
 * refusal is a debt: a socket that keeps sending until its debt reaches `burst` is flooding,
 * and is disconnected rather than served refusals forever.
 */
export class EventBudget {
	#tokens: number;
	#at: number;

	constructor(
		private readonly limits: { burst: number; perSecond: number },
		now = Date.now()
	) {
		this.#tokens = limits.burst;
		this.#at = now;
	}

	/** Spend one packet: `ok` to serve it, `refused` to answer it `rate_limited`, `flooding` to disconnect. */
	take(now = Date.now()): 'ok' | 'refused' | 'flooding' {
		const { burst, perSecond } = this.limits;
		this.#tokens = Math.min(burst, this.#tokens + ((now - this.#at) / 1000) * perSecond);
		this.#at = now;
		this.#tokens -= 1;
		if (this.#tokens >= 0) return 'ok';
		return this.#tokens <= -burst ? 'flooding' : 'refused';
	}
}

/** Per socket: 200 packets at once, then 20 a second. */
export const SOCKET_EVENT_BUDGET = { burst: 200, perSecond: 20 };
/** Per socket: catch-up reads in flight at once; later joins wait their turn. */
export const SOCKET_JOINS_IN_FLIGHT = 4;
