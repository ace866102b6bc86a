import type { Role } from '../access';
import { getResidentRights } from './access';
import { maskName, maskPhone } from './mask';
import type { ResidentRecord, ResidentView } from './model';

/**
 * A stored resident as `role` may see them: masked always (the real values go out one at a
 * time, through an audited reveal); the note only to the roles that call residents back.
 */
export function toResidentView(r: ResidentRecord, role: Role): ResidentView {
	const erased = r.erasedAt !== null;
	return {
		id: r.id,
		site: r.site,
		unit: r.unit,
		name: erased || r.name === null ? '' : maskName(r.name),
		phone: erased || r.phone === null ? '' : maskPhone(r.phone),
		note: erased || !getResidentRights(role).reveal ? null : r.note || null,
		masked: true,
		erased,
		updatedAt: r.updatedAt.toISOString()
	};
}
