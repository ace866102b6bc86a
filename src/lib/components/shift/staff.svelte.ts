import type { Shift } from '$lib/domain/shift/model';

/** Someone a shift may name, as `GET /api/shifts` lists them. */
export interface StaffMember {
	id: string;
	name: string;
	role: 'operator' | 'manager';
}

/**
 * The staff a console's duty panel names people from (enabled operators and managers), read from
 * `GET /api/shifts`; read again when a form opens, so an account made meanwhile is offered.
 */
export class ShiftStaff {
	list = $state<StaffMember[]>([]);

	get operators(): StaffMember[] {
		return this.list.filter((s) => s.role === 'operator');
	}

	get managers(): StaffMember[] {
		return this.list.filter((s) => s.role === 'manager');
	}

	/** A person's name, or a short form of the id for someone no longer listed. */
	nameOf(id: string): string {
		return this.list.find((s) => s.id === id)?.name ?? `#${id.slice(0, 8)}`;
	}

	async load(): Promise<void> {
		const r = await fetch('/api/shifts?limit=1').catch(() => null);
		if (!r?.ok) return;
		const body = (await r.json()) as { staff: StaffMember[]; shifts: Shift[] };
		this.list = body.staff;
	}
}
