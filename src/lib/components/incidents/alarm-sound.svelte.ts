import type { Severity } from '$lib/domain/site/model';

/** Louder and faster with severity: (beep every ms, gain, pitch Hz). */
const PATTERN: Record<Severity, { everyMs: number; gain: number; hz: number }> = {
	critical: { everyMs: 600, gain: 0.6, hz: 880 },
	major: { everyMs: 1200, gain: 0.4, hz: 740 },
	minor: { everyMs: 2500, gain: 0.25, hz: 620 },
	warning: { everyMs: 5000, gain: 0.15, hz: 520 }
};

/**
 * The console's audible alarm (Web Audio, no sound files): beeps while any incident is
 * unacknowledged, by the worst one's severity. Browsers allow sound only after a user gesture,
 * so it starts disabled and the console says so until someone clicks. Muting takes a reason.
 */
export class AlarmSound {
	enabled = $state(false);
	muted = $state<{ reason: string; at: string } | null>(null);
	#ctx: AudioContext | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#worst: Severity | null = null;

	/** Call from a click or key press: the only moment a browser lets a page start audio. */
	enable(): void {
		if (typeof AudioContext === 'undefined') return;
		this.#ctx ??= new AudioContext();
		void this.#ctx.resume().then(() => {
			this.enabled = this.#ctx?.state === 'running';
			this.#schedule();
		});
	}

	mute(reason: string): void {
		if (!reason.trim()) return;
		this.muted = { reason: reason.trim(), at: new Date().toISOString() };
		this.#schedule();
	}

	unmute(): void {
		this.muted = null;
		this.#schedule();
	}

	/** The worst severity among unacknowledged incidents, or null when there are none. */
	update(worst: Severity | null): void {
		if (worst === this.#worst) return;
		this.#worst = worst;
		this.#schedule();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		void this.#ctx?.close();
		this.#ctx = null;
	}

	#schedule(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		if (!this.#worst || !this.enabled || this.muted || !this.#ctx) return;
		const p = PATTERN[this.#worst];
		this.#beep(p.hz, p.gain);
		this.#timer = setInterval(() => this.#beep(p.hz, p.gain), p.everyMs);
	}

	#beep(hz: number, gain: number): void {
		const ctx = this.#ctx;
		if (!ctx) return;
		const osc = ctx.createOscillator();
		const level = ctx.createGain();
		osc.type = 'square';
		osc.frequency.value = hz;
		const t = ctx.currentTime;
		level.gain.setValueAtTime(gain, t);
		level.gain.exponentialRampToValueAtTime(0.001, t + 0.18);
		osc.connect(level).connect(ctx.destination);
		osc.start(t);
		osc.stop(t + 0.2);
	}
}
