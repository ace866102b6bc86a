import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoType } from '$lib/domain/photo/image-type';
import type { Queryable } from '../db/client';

/**
 * The photo store: files named by the SHA-256 of their bytes under the photo folder (two hex
 * digits of fan-out, `ab/abcdef…`), so a photo sent twice, or named by two sites, is one file;
 * and a `photo` row per site, which is what lets a site's people read it. A photo never rides in
 * an event: events name it by its hash.
 */

/** Where a photo's bytes are kept. */
export function photoFilePath(dir: string, hash: string): string {
	return path.join(dir, hash.slice(0, 2), hash);
}

export const hashPhoto = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Write the bytes under their name unless a whole file is there already. Written to a temporary
 * file beside it, flushed, then renamed: a crash or a full disk leaves no half photo under a
 * hash, and two uploads of the same photo at once both end with the same whole file.
 */
async function writePhotoFile(dir: string, hash: string, bytes: Uint8Array): Promise<void> {
	const file = photoFilePath(dir, hash);
	const existing = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
		if (err.code === 'ENOENT') return null;
		throw err;
	});
	if (existing?.size === bytes.length) return;
	await fs.mkdir(path.dirname(file), { recursive: true });
	const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		const handle = await fs.open(temporary, 'wx', 0o640);
		try {
			await handle.writeFile(bytes);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temporary, file);
	} catch (err) {
		await fs.rm(temporary, { force: true });
		throw err;
	}
}

export interface PhotoUpload {
	site: string;
	bytes: Uint8Array;
	/** As told by the bytes (`sniffPhotoType`). */
	type: PhotoType;
	/** The account that sent it. */
	userId: string;
	now: Date;
}

/** Keep a photo for a site: `created` false when the site held it already (the file is made whole again either way). */
export async function storePhoto(sql: Queryable, dir: string, upload: PhotoUpload): Promise<{ hash: string; created: boolean }> {
	const hash = hashPhoto(upload.bytes);
	await writePhotoFile(dir, hash, upload.bytes);
	const inserted = await sql`
		insert into photo (site, hash, content_type, bytes, created_at, created_by)
		values (${upload.site}, ${hash}, ${upload.type}, ${upload.bytes.length}, ${upload.now}, ${upload.userId})
		on conflict (site, hash) do nothing returning hash`;
	return { hash, created: inserted.length > 0 };
}

/** Whether `site` holds the photo named `hash`. */
export async function hasPhoto(sql: Queryable, site: string, hash: string): Promise<boolean> {
	const rows = await sql`select 1 from photo where site = ${site} and hash = ${hash}`;
	return rows.length > 0;
}

/** The type of a site's photo by that hash, or null when the site holds none (whoever else may). */
export async function findPhotoType(sql: Queryable, site: string, hash: string): Promise<string | null> {
	const [row] = await sql<{ content_type: string }[]>`select content_type from photo where site = ${site} and hash = ${hash}`;
	return row?.content_type ?? null;
}

/** A photo's bytes, or null when its file is not there (a photo folder lost or moved while its rows stayed). */
export async function readPhotoFile(dir: string, hash: string): Promise<Buffer | null> {
	try {
		return await fs.readFile(photoFilePath(dir, hash));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
}
