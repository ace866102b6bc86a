import type { DeviceKind } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';

export const deviceKindNames: Record<DeviceKind, () => string> = {
	fire_panel: m.device_kind_fire_panel,
	access_controller: m.device_kind_access_controller,
	elevator_monitor: m.device_kind_elevator_monitor,
	leak_sensor_gateway: m.device_kind_leak_sensor_gateway,
	power_monitor: m.device_kind_power_monitor,
	guard_handheld: m.device_kind_guard_handheld,
	gateway: m.device_kind_gateway
};

/** A device kind in the reader's language; an unknown kind as it is, none as a dash. */
export function nameDeviceKind(kind: string | null): string {
	if (kind === null) return '—';
	return kind in deviceKindNames ? deviceKindNames[kind as DeviceKind]() : kind;
}
