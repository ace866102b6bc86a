import { SYSTEM_STREAM } from '../envelope';
import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import type { SiteOrganisation } from './model';

/**
 * A site's organisation after one event: an `OrganisationUpdated` replaces it whole (the event
 * holds the document as saved). One at or below the row's last seq, another stream's, or any other
 * event changes nothing and returns `current` itself.
 */
export function evolveOrganisation(current: SiteOrganisation | undefined, e: EventEnvelope): SiteOrganisation | undefined {
	if (e.type !== 'OrganisationUpdated' || e.site === SYSTEM_STREAM) return current;
	if (current && (current.site !== e.site || e.seq <= current.lastSeq)) return current;
	return {
		id: e.site,
		site: e.site,
		version: e.data.version,
		organisation: e.data.organisation,
		updatedAt: e.receivedAt,
		updatedBy: e.source.id,
		lastSeq: e.seq
	};
}

/**
 * Apply one event to a site's organisation row (one row, its id the site's); the changed row, or
 * null. The rule the live projection and a replay both run.
 */
export function applyOrganisationEvent(rows: RowSet<SiteOrganisation>, e: EventEnvelope): SiteOrganisation | null {
	if (e.type !== 'OrganisationUpdated') return null;
	const current = rows.get(e.site);
	const next = evolveOrganisation(current, e);
	if (!next || next === current) return null;
	rows.set(next);
	return next;
}

/** The organisation (`organisation`): one row per site that has saved one, id = the site. */
export const organisation = rowSetProjection<SiteOrganisation>('organisation', (rows, e) => void applyOrganisationEvent(rows, e));
