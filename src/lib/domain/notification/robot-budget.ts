import type { RobotKind } from './channel-config';

/**
 * How often a group robot may post, per robot: WeCom and DingTalk document 20 messages a minute,
 * Feishu 100 a minute and 5 a second. Past these the robot refuses (WeCom 45009, DingTalk 130101,
 * Feishu 11232) or, for DingTalk, mutes the robot for ten minutes; so the sender keeps under them
 * and merges what waits instead.
 */
export interface RateLimit {
	max: number;
	windowMs: number;
}

export const ROBOT_RATE_LIMITS: Record<RobotKind, readonly RateLimit[]> = {
	wecom: [{ max: 20, windowMs: 60_000 }],
	dingtalk: [{ max: 20, windowMs: 60_000 }],
	feishu: [
		{ max: 100, windowMs: 60_000 },
		{ max: 5, windowMs: 1_000 }
	]
};

/**
 * A sliding-window budget for one robot: a send at `t` counts against every window until
 * `t + windowMs`. Holds only the times of recent sends; time is always passed in, so it is as
 * testable as a pure function and follows whatever clock the caller uses. One instance per channel.
 */
export class RobotBudget {
	readonly #limits: readonly RateLimit[];
	readonly #horizonMs: number;
	/** Send times (ms), ascending, none older than the longest window. */
	#sent: number[] = [];

	constructor(limits: readonly RateLimit[]) {
		if (limits.length === 0 || limits.some((l) => !(l.max >= 1) || !(l.windowMs > 0))) throw new RangeError('a budget needs limits with max ≥ 1 and windowMs > 0');
		this.#limits = limits;
		this.#horizonMs = Math.max(...limits.map((l) => l.windowMs));
	}

	static forRobot(kind: RobotKind): RobotBudget {
		return new RobotBudget(ROBOT_RATE_LIMITS[kind]);
	}

	/** Whether a send now stays within every limit. */
	canSend(now: Date): boolean {
		return this.nextFreeAt(now).getTime() <= now.getTime();
	}

	/** Count a send made at `now`. A send recorded while over budget still counts. */
	record(now: Date): void {
		const t = now.getTime();
		this.#prune(t);
		let i = this.#sent.length;
		while (i > 0 && this.#sent[i - 1] > t) i--;
		this.#sent.splice(i, 0, t);
	}

	/** The earliest instant, not before `now`, at which a send stays within every limit. */
	nextFreeAt(now: Date): Date {
		const t = now.getTime();
		this.#prune(t);
		let free = t;
		for (const { max, windowMs } of this.#limits) {
			const inWindow = this.#sent.filter((s) => s > t - windowMs && s <= t);
			// The window has room once all but max − 1 of these have left it: the oldest that must go decides.
			if (inWindow.length >= max) free = Math.max(free, inWindow[inWindow.length - max] + windowMs);
		}
		return new Date(free);
	}

	#prune(t: number): void {
		let drop = 0;
		while (drop < this.#sent.length && this.#sent[drop] <= t - this.#horizonMs) drop++;
		if (drop > 0) this.#sent.splice(0, drop);
	}
}
