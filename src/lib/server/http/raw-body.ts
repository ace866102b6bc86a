import { error } from '@sveltejs/kit';

/**
 * A request's body as bytes, at most `limit` of them: a declared length past it is refused
 * before anything is read, and a body without one (chunked) is cut off as soon as it passes it,
 * so an endless upload costs at most `limit` bytes of memory. 413 either way, with the limit.
 */
export async function readRawBody(request: Request, limit: number): Promise<Uint8Array> {
	const tooLarge = () => error(413, { message: `the body may have at most ${limit} bytes`, reason: 'too_large' });
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) tooLarge();
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => undefined);
			tooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks, size);
}
