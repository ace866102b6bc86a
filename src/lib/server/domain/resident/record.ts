import type { Role } from '$lib/domain/access';
import { getResidentRights } from '$lib/domain/resident/access';
import { complaintRecordOf, complaintWindowStart, type ComplaintRecord } from '$lib/domain/resident/complaints';
import type { ResidentView } from '$lib/domain/resident/model';
import { toResidentView } from '$lib/domain/resident/view';
import type { Queryable } from '../../db/client';
import { countComplaintsOf } from '../ticket/queries';
import { getResident } from './queries';

export type ResidentWithRecord = ResidentView & ComplaintRecord;

/** A resident as `role` may see them (masked), with their complaint record; null when unknown or the role may not see residents. */
export async function readResidentWithRecord(sql: Queryable, id: string, role: Role, now: Date): Promise<ResidentWithRecord | null> {
	if (!getResidentRights(role).see) return null;
	const resident = await getResident(sql, id);
	if (!resident) return null;
	return { ...toResidentView(resident, role), ...complaintRecordOf(await countComplaintsOf(sql, id, complaintWindowStart(now))) };
}
