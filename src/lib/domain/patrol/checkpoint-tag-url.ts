/**
 * What a checkpoint tag holds: a URL on the product's public origin that opens the guard page
 * on that checkpoint, so a phone's own camera app (which opens any URL it reads) and the
 * guard page's scanner meet the same tag. Pure.
 */
export function formatCheckpointTagUrl(origin: string, site: string, checkpoint: string): string {
	return `${origin.replace(/\/+$/, '')}/guard/c/${encodeURIComponent(site)}/${encodeURIComponent(checkpoint)}`;
}
