import type { Role } from '$lib/domain/access';
import { m } from '$lib/paraglide/messages.js';

export const roleNames: Record<Role, () => string> = {
	admin: m.role_admin,
	manager: m.role_manager,
	operator: m.role_operator,
	guard: m.role_guard,
	wall: m.role_wall
};
