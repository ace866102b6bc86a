import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { PatrolRoute } from '$lib/domain/patrol/plans';
import { listFeatures, type Locale, type LocalizedName, type SitePlan } from '$lib/domain/site/model';
import { escapeHtml } from '../../http/escape-html';

/**
 * The printable sheet of checkpoint tags (`GET /api/sites/{site}/checkpoints/tags`): one label
 * per checkpoint with its QR code, name and code, laid out for A4 sheets of 3 × 8 labels of
 * 70 × 37 mm. Everything here is pure but the QR encoder, so it is tested without a database.
 */

/** Labels across and down an A4 sheet, and one label's size, in mm (the common 24-up sheet). */
export const TAG_SHEET = { columns: 3, rows: 8, labelWidthMm: 70, labelHeightMm: 37 } as const;
export const TAGS_PER_SHEET = TAG_SHEET.columns * TAG_SHEET.rows;

/**
 * Q recovers a quarter of the code: a tag on a stairwell wall gets scuffed, and at this size
 * the longer code still has modules of about 0.75 mm, well within a phone camera's reach.
 */
const ERROR_CORRECTION = 'Q';

export interface TagCheckpoint {
	id: string;
	name: LocalizedName;
}

/**
 * The checkpoints a sheet prints: every checkpoint of the plan in plan order, or, for a route,
 * its stops in walking order, each checkpoint once (a route may pass one twice; it needs one
 * tag). A stop whose checkpoint an import has since removed still gets a tag, named by its id.
 */
export function listTagCheckpoints(plan: SitePlan, route?: Pick<PatrolRoute, 'stops'>): TagCheckpoint[] {
	const checkpoints = listFeatures({ plan }, 'checkpoint').map((f) => ({ id: f.properties.id, name: f.properties.name }));
	if (!route) return checkpoints;
	const byId = new Map(checkpoints.map((c) => [c.id, c]));
	const ids = [...new Set(route.stops.map((s) => s.checkpoint))];
	return ids.map((id) => byId.get(id) ?? { id, name: { 'zh-CN': id, 'zh-TW': id, en: id } });
}

/** One label: what its QR code holds, and the name and code printed beside it. */
export interface CheckpointTag {
	code: string;
	name: string;
	url: string;
}

/** The sheet's words, already in its language. */
export interface TagSheetText {
	lang: Locale;
	title: string;
	/** The site's name, small on every label (tags of several estates get mixed up in a drawer). */
	siteName: string;
	hint: string;
	print: string;
	/** Shown instead of the sheets when there is nothing to print. */
	empty: string;
}

const STYLE = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { background: #d9dde0; }
body { margin: 0; color: #000; font-family: system-ui, "Noto Sans CJK SC", "Noto Sans CJK TC", sans-serif; }
header { max-width: 210mm; margin: 0 auto; padding: 6mm 2mm 4mm; display: flex; flex-wrap: wrap; gap: 2mm 6mm; align-items: center; }
h1 { flex: 1 1 100%; margin: 0; font-size: 1.3rem; }
header p { flex: 1 1 20rem; margin: 0; }
header button { font: inherit; min-height: 44px; padding: 0.4rem 1.4rem; cursor: pointer; }
.sheet { width: 210mm; height: 297mm; margin: 0 auto 8mm; padding: 0.5mm 0; background: #fff; display: grid;
	grid-template-columns: repeat(${TAG_SHEET.columns}, ${TAG_SHEET.labelWidthMm}mm); grid-template-rows: repeat(${TAG_SHEET.rows}, ${TAG_SHEET.labelHeightMm}mm);
	overflow: hidden; break-after: page; box-shadow: 0 1mm 4mm rgb(0 0 0 / 0.3); }
.sheet:last-child { break-after: auto; }
.label { display: flex; align-items: center; gap: 2.5mm; padding: 3mm; overflow: hidden; break-inside: avoid; outline: 0.2mm dashed #b0b7bc; outline-offset: -0.1mm; }
.qr { flex: none; width: 31mm; height: 31mm; }
.qr svg { display: block; width: 100%; height: 100%; }
.text { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 1.5mm; }
.text p { margin: 0; overflow-wrap: anywhere; }
.name { font-size: 11pt; font-weight: 700; line-height: 1.2; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.code { font: 600 9pt ui-monospace, "DejaVu Sans Mono", monospace; }
.site { font-size: 7pt; color: #333; }
.empty { max-width: 210mm; margin: 0 auto; padding: 0 2mm; }
@media print {
	html { background: none; }
	header { display: none; }
	.sheet { margin: 0; box-shadow: none; }
	.label { outline: none; }
}
`;

const SCRIPT = `document.getElementById('print').addEventListener('click', () => window.print());`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/**
 * The sheet's Content-Security-Policy: its one style and one script by hash, nothing else (the
 * QR codes are inline SVG, no request leaves the page).
 */
export const TAG_SHEET_CSP = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** One QR code as an SVG element, labelled with the URL it holds for a screen reader. */
async function renderQrSvg(url: string): Promise<string> {
	const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: 2, color: { dark: '#000000', light: '#ffffff' } });
	return svg.trim().replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(url)}" `);
}

async function renderLabel(tag: CheckpointTag, siteName: string): Promise<string> {
	return (
		`<div class="label" data-checkpoint="${escapeHtml(tag.code)}" data-url="${escapeHtml(tag.url)}">` +
		`<div class="qr">${await renderQrSvg(tag.url)}</div>` +
		`<div class="text"><p class="name">${escapeHtml(tag.name)}</p><p class="code">${escapeHtml(tag.code)}</p><p class="site">${escapeHtml(siteName)}</p></div>` +
		`</div>`
	);
}

/**
 * The whole page: a heading and a print button (not printed), then one A4 sheet per 24 tags,
 * in order. Every name and code is escaped; serve it with `TAG_SHEET_CSP`.
 */
export async function renderCheckpointTagSheet(text: TagSheetText, tags: readonly CheckpointTag[]): Promise<string> {
	const labels = await Promise.all(tags.map((t) => renderLabel(t, text.siteName)));
	const sheets: string[] = [];
	for (let n = 0; n < labels.length; n += TAGS_PER_SHEET) sheets.push(`<section class="sheet">${labels.slice(n, n + TAGS_PER_SHEET).join('')}</section>`);
	const title = escapeHtml(text.title);
	return `<!doctype html>
<html lang="${escapeHtml(text.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>
<body>
<header><h1>${title}</h1><p>${escapeHtml(text.hint)}</p><button type="button" id="print">${escapeHtml(text.print)}</button></header>
<main>${sheets.length ? sheets.join('\n') : `<p class="empty">${escapeHtml(text.empty)}</p>`}</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
