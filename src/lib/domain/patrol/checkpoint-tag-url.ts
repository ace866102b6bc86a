/**
 * What a checkpoint tag holds: a URL on the product's public origin that opens the guard page
 * on that checkpoint, so a phone's own camera app (which opens any URL it reads) and the
 * guard page's scanner meet the same tag. Pure.
 */
export function formatCheckpointTagUrl(origin: string, site: string, checkpoint: string): string {
	return `${origin.replace(/\/+$/, '')}/guard/c/${encodeURIComponent(site)}/${encodeURIComponent(checkpoint)}`;
}

/**
 * The site and checkpoint a tag's text names, from any origin (a tag printed while the product
 * ran under another address still names them); null when the text is no checkpoint tag.
 */
export function parseCheckpointTag(text: string): { site: string; checkpoint: string } | null {
	const match = text.trim().match(/\/guard\/c\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\/?(?:[?#].*)?$/);
	return match ? { site: match[1], checkpoint: match[2] } : null;
}
