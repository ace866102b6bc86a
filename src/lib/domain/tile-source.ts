/**
 * An optional raster tile server under the site plan, for deployments that may reach one.
 * Without it the map draws from the plan's vectors alone and makes no request of its own.
 */

/** The datum the tiles are drawn in: Chinese providers draw GCJ-02, most others WGS-84. */
export const TILE_DATUMS = ['wgs84', 'gcj02'] as const;
export type TileDatum = (typeof TILE_DATUMS)[number];

export interface TileSource {
	/** A Leaflet URL template: `{s}`, `{x}`, `{y}`, `{z}`. */
	url: string;
	/** With `gcj02`, every WGS-84 position is shifted to GCJ-02 before it is drawn. */
	datum: TileDatum;
	/** Shown in the map's corner; plain text, the provider's terms usually require it. */
	attribution?: string;
	/** What `{s}` takes, one character each (`1234` for AutoNavi's webrd01–04); Leaflet's default is `abc`. */
	subdomains?: string;
}

/**
 * The Content-Security-Policy source that lets the browser load the tiles: the template's
 * origin, with a `{s}`-style placeholder in the host's first label widened to `*` (the only
 * wildcard CSP allows). Undefined for a same-origin path, which `'self'` already covers.
 */
export function getTileImageSource(url: string): string | undefined {
	const match = /^(https?:\/\/)([^/?#]+)/.exec(url);
	if (!match) return undefined;
	const [, scheme, host] = match;
	if (!host.includes('{')) return scheme + host;
	const [first, ...rest] = host.split('.');
	// A placeholder past the first label cannot be expressed: allow the scheme, as narrow as CSP permits then.
	return first.includes('{') && !rest.some((l) => l.includes('{')) ? `${scheme}*.${rest.join('.')}` : scheme.slice(0, -2);
}
