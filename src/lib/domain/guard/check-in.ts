import type { Round } from '../patrol/round';

/**
 * When the phone asks the guard "are you all right?": during their round, once they have been
 * still (no scan, no check-in) for two thirds of the round's lone-worker limit, so the answer
 * reaches the control room before "guard not responding" is raised; or at once when the round
 * already shows the guard silent. Pure.
 */

/** The share of `silenceMinutes` after which the prompt shows. */
export const CHECK_IN_SHARE = 2 / 3;

const parse = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/**
 * `serverContactAt`: the snapshot's last contact of the guard anywhere on the site.
 * `phoneContactAt`: the newest scan or check-in made on this phone (sent or still waiting), ms.
 */
export function isCheckInDue(
	round: Pick<Round, 'status' | 'silenceMinutes' | 'lastContactAt' | 'silentSince' | 'startedAt'> | null,
	serverContactAt: string | null,
	phoneContactAt: number | null,
	now: number
): boolean {
	if (!round || round.status !== 'in_progress') return false;
	const phone = phoneContactAt ?? Number.NaN;
	// The server saw the silence: only something the guard did after it answers.
	if (round.silentSince !== null) return !(phone > parse(round.silentSince));
	const last = Math.max(...[parse(round.lastContactAt), parse(serverContactAt), phone, parse(round.startedAt)].filter(Number.isFinite));
	if (!Number.isFinite(last)) return false;
	return now - last > round.silenceMinutes * 60_000 * CHECK_IN_SHARE;
}
