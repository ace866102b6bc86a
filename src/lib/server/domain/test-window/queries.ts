import { testWindowId, type ActiveTest } from '$lib/domain/test-window/model';
import type { Queryable } from '../../db/client';

export const WINDOW_COLUMNS = 'site, device, point, until, reason, started_by, started_at, seq';
export type WindowRow = { site: string; device: string; point: string; until: Date; reason: string; started_by: string; started_at: Date; seq: number };

export const toActiveTest = (r: WindowRow): ActiveTest => ({
	id: testWindowId({ device: r.device, point: r.point === '' ? null : r.point }),
	site: r.site,
	device: r.device,
	...(r.point !== '' && { point: r.point }),
	until: r.until.toISOString(),
	reason: r.reason,
	startedBy: r.started_by,
	startedAt: r.started_at.toISOString(),
	seq: r.seq
});


/** Open test windows (some may be past their time, until the expiry logs their end); one site's, or all. */
export async function listTests(sql: Queryable, site: string | null): Promise<ActiveTest[]> {
	const rows = await sql<WindowRow[]>`
		select site, device, point, until, reason, started_by, started_at, seq from test_window
		where ${site === null ? sql`true` : sql`site = ${site}`} order by site, until, device, point`;
	return rows.map(toActiveTest);
}
