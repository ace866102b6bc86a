import { z } from 'zod';
import { ID_PATTERN } from './message';
import { DEVICE_KINDS } from '../site/model';

/** A device as the admin page and `/api/sites/{site}/devices` show it; never its secret. */
export interface DeviceInfo {
	site: string;
	id: string;
	kind: string | null;
	/** The MQTT username (and client id) once a credential was issued. */
	username: string | null;
	online: boolean | null;
	lastSeenAt: string | null;
	credential: { createdAt: string; rotatedAt: string | null; revokedAt: string | null } | null;
}

/** A device as an admin registers it. */
export const newDeviceSchema = z.object({
	id: z.string().regex(ID_PATTERN, 'must match [A-Za-z0-9_-]{1,64}'),
	kind: z.enum(DEVICE_KINDS)
});
