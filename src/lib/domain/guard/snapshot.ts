import type { Incident } from '../incident/model';
import type { Round } from '../patrol/round';
import type { LngLat, LocalizedName } from '../site/model';
import type { DispatchProcedure } from './dispatch-steps';

/**
 * What the guard's page shows, as `GET /api/sites/{site}/guard` answers it and the phone keeps
 * for offline use: who the guard is, the site's checkpoints, the guard's rounds (current first),
 * and the incidents sent to the phone. The phone draws progress with the same round rules as the
 * console (`lib/domain/patrol/round-progress.ts`).
 */
export interface GuardSnapshot {
	site: { id: string; name: LocalizedName; timeZone: string };
	guard: { id: string; name: LocalizedName };
	/** The site's stream position the snapshot reflects. */
	seq: number;
	/** The server's clock when it answered, ISO: the phone measures its own clock by it. */
	now: string;
	checkpoints: GuardCheckpoint[];
	/** Active rounds the guard is on or may take (unclaimed), the guard's own first; then today's finished ones. */
	rounds: Round[];
	/** When the guard was last heard from on this site (a scan or a check-in), ISO; null if never. */
	lastContactAt: string | null;
	/** Incidents sent to this guard and not yet resolved. */
	dispatches: GuardDispatch[];
	/** The guard's last panic press still open, if any. */
	panic: { incident: string; status: Incident['status']; openedAt: string } | null;
}

export interface GuardCheckpoint {
	id: string;
	name: LocalizedName;
	position: LngLat;
	/** The floor on the plan, when the plan has floors. */
	floor: number | null;
}

/** An incident as the dispatched guard sees it. */
export interface GuardDispatch {
	incident: Pick<Incident, 'id' | 'alarmType' | 'severity' | 'priority' | 'status' | 'openedAt' | 'zone' | 'text' | 'device' | 'point'>;
	/** Where it is: the places on the plan (an alarm point, a checkpoint), possibly none. */
	places: LngLat[];
	/** A readable name of the place (an alarm point's or checkpoint's name), when the plan has one. */
	placeName: LocalizedName | null;
	sentAt: string;
	sentBy: string | null;
	acceptedAt: string | null;
	onSceneAt: string | null;
	/** The steps of the incident's procedure, as the control room works them; null when its kind has none. */
	procedure: DispatchProcedure | null;
}
