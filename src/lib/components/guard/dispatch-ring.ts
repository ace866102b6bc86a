/**
 * The phone's ring for an incident sent to it: a rising three-tone call by Web Audio and a
 * vibration where the phone has one. A browser lets a page sound only after a touch, so the
 * page calls `unlock` on the guard's first touch and the ring is silent (vibration only) before.
 */
export class DispatchRing {
	#ctx: AudioContext | null = null;

	/** From a touch, click or key press. */
	unlock(): void {
		if (typeof AudioContext === 'undefined') return;
		this.#ctx ??= new AudioContext();
		void this.#ctx.resume().catch(() => undefined);
	}

	ring(): void {
		navigator.vibrate?.([400, 200, 400, 200, 800]);
		const ctx = this.#ctx;
		if (!ctx || ctx.state !== 'running') return;
		const start = ctx.currentTime;
		for (let burst = 0; burst < 3; burst++) {
			[660, 880, 1100].forEach((hz, i) => {
				const t = start + burst * 1.2 + i * 0.22;
				const osc = ctx.createOscillator();
				const level = ctx.createGain();
				osc.type = 'square';
				osc.frequency.value = hz;
				level.gain.setValueAtTime(0.5, t);
				level.gain.exponentialRampToValueAtTime(0.001, t + 0.2);
				osc.connect(level).connect(ctx.destination);
				osc.start(t);
				osc.stop(t + 0.21);
			});
		}
	}

	stop(): void {
		void this.#ctx?.close().catch(() => undefined);
		this.#ctx = null;
	}
}
