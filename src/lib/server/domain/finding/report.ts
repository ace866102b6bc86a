import type { GuardFindingBody } from '$lib/domain/guard/phone-input';
import type { Queryable } from '../../db/client';
import { hasPhoto } from '../../photos/store';
import { getFinding } from './queries';

/**
 * What a guard's finding must name before it is appended: a photo the site holds (sent first,
 * to `POST /api/sites/{site}/photos`) and a checkpoint of the site's plan. A finding already
 * stored from this account is a retry and passes, whatever changed since (the writer answers
 * it as a duplicate); the same id from another account is refused. The reasons, empty when it may go.
 */
export async function checkFindingReport(sql: Queryable, site: string, userId: string, body: GuardFindingBody): Promise<string[]> {
	const [stored, photo, checkpoint] = await Promise.all([
		getFinding(sql, site, body.id),
		body.photo === null ? true : hasPhoto(sql, site, body.photo),
		body.checkpoint === null ? true : sql`select 1 from checkpoint where site = ${site} and id = ${body.checkpoint}`.then((r) => r.length > 0)
	]);
	if (stored) return stored.reportedBy === userId ? [] : ['id: already names another account’s finding (make a new id on the phone)'];
	const reasons: string[] = [];
	if (!photo) reasons.push('photo: no such photo on this site (send it to /api/sites/{site}/photos first)');
	if (!checkpoint) reasons.push('checkpoint: no such checkpoint on this site');
	return reasons;
}
