import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { channelConfigSchema, type ChannelConfig } from '$lib/domain/notification/channel-config';

/**
 * The watchdog's copy of where to send: the enabled channels that take `watchdog`, their
 * configs with secrets, in a file of the app's data folder. The app rewrites it at start-up and
 * whenever a channel is saved or removed, so the watchdog knows where to send while the
 * database is down. Readable by the app's OS user only (0600); written to a temporary file and
 * renamed over the old one, so a reader sees the old copy or the new, never half of one.
 */

export const WATCHDOG_CHANNELS_FILE = 'watchdog-channels.json';

export interface WatchdogChannel {
	id: string;
	name: string;
	config: ChannelConfig;
	/** Null: every site (for a site's trouble; the control room's own troubles go to every channel). */
	sites: string[] | null;
}

const entrySchema = z.object({ id: z.string(), name: z.string(), config: channelConfigSchema, sites: z.array(z.string()).nullable() });

export const watchdogChannelsPath = (dataDir: string): string => path.join(dataDir, WATCHDOG_CHANNELS_FILE);

/** Replace `file` with `text` at once (a temporary file beside it, renamed over it), readable by the owner only. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
	const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await fs.writeFile(temp, text, { mode: 0o600 });
		await fs.rename(temp, file);
	} catch (err) {
		await fs.rm(temp, { force: true });
		throw err;
	}
}

/** Write the channels the watchdog sends to. */
export async function writeWatchdogChannels(dataDir: string, channels: readonly WatchdogChannel[], now: Date): Promise<void> {
	await fs.mkdir(dataDir, { recursive: true });
	await writeFileAtomically(watchdogChannelsPath(dataDir), JSON.stringify({ version: 1, writtenAt: now.toISOString(), channels }));
}

/**
 * The channels the app last wrote: none when there is no file yet (no channel was ever saved, or
 * the app never started). A file that does not parse, or a channel whose config no longer does,
 * is left out with the reason, so one bad entry does not silence the others.
 */
export async function readWatchdogChannels(dataDir: string): Promise<{ channels: WatchdogChannel[]; problems: string[] }> {
	let text: string;
	try {
		text = await fs.readFile(watchdogChannelsPath(dataDir), 'utf8');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { channels: [], problems: [] };
		return { channels: [], problems: [`unreadable: ${(err as NodeJS.ErrnoException).code ?? 'error'}`] };
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return { channels: [], problems: ['not JSON'] };
	}
	const head = z.object({ version: z.literal(1), channels: z.array(z.unknown()) }).safeParse(raw);
	if (!head.success) return { channels: [], problems: ['not a channels file of version 1'] };
	const channels: WatchdogChannel[] = [];
	const problems: string[] = [];
	for (const [i, entry] of head.data.channels.entries()) {
		const one = entrySchema.safeParse(entry);
		if (one.success) channels.push(one.data);
		else problems.push(`channel ${i}: ${one.error.issues.map((x) => x.path.join('.')).join(', ')}`);
	}
	return { channels, problems };
}
