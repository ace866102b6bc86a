import type { CheckpointLook } from '$lib/components/map/checkpoints-layer';
import type { RoundPath } from '$lib/components/map/round-path-layer';
import { indexCheckpointStates } from '$lib/domain/patrol/checkpoint-states';
import type { GuardPosition } from '$lib/domain/patrol/guard-positions';
import { getGuardTrail, listCurrentRounds } from '$lib/domain/patrol/round-progress';
import type { RoundRow } from '$lib/domain/patrol/rounds';
import type { RecentScan } from '$lib/domain/site/recent-scans';
import { m } from '$lib/paraglide/messages.js';
import { checkpointStateNames } from './checkpoint-state-text';
import type { PatrolNames } from './patrol-names';

/** What the map's site offers: its rows of the rounds, recent-scans and guard-positions projections, its names, the clock. */
export interface MapRoundsSource {
	rounds: readonly RoundRow[];
	scans: readonly RecentScan[];
	guards: readonly GuardPosition[];
	names: PatrolNames | undefined;
	now: number;
}

/**
 * The console's rounds on the map's site: the current ones for the patrol panel, the
 * checkpoints' looks for the map, and the round picked (its route and the guard's trail).
 * The source is read anew by each derivation, so all follow the live store.
 */
export class MapRounds {
	/** The round whose route and trail the map shows. */
	selected = $state<string | null>(null);
	readonly #source: () => MapRoundsSource;

	constructor(source: () => MapRoundsSource) {
		this.#source = source;
	}

	readonly current = $derived.by(() => {
		const { rounds, now } = this.#source();
		return listCurrentRounds(rounds, now);
	});

	readonly checkpointLooks = $derived.by(() => {
		const names = this.#source().names;
		const looks = new Map<string, CheckpointLook>();
		for (const [id, status] of indexCheckpointStates(this.current)) {
			const lines = status.rounds.map((r) => m.patrol_state_on_route({ state: checkpointStateNames[r.state](), route: names?.route(r.route) ?? r.route }));
			looks.set(id, { state: status.state, lines });
		}
		return looks;
	});

	readonly path: RoundPath | null = $derived.by(() => {
		const round = this.current.find((r) => r.id === this.selected);
		if (!round) return null;
		const { scans, guards } = this.#source();
		return { round: round.id, route: round.checkpoints.map((c) => c.checkpoint), trail: getGuardTrail(round, [...scans, ...guards]).map((p) => p.checkpoint) };
	});
}
