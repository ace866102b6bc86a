import type { Attachment } from 'svelte/attachments';

/** How the wall lays out its tiles: so many columns, so many rows. */
export interface WallGrid {
	columns: number;
	rows: number;
}

/** The shape a tile's content reads best in (width over height): its counts row and scan lines. */
const TILE_ASPECT = 1.6;

/**
 * The grid for `count` tiles in a `width`×`height` area (px): the columns that fit tiles at
 * least `minTileWidth` wide, and among those the layout whose tiles come closest to a tile's
 * shape, with a cell left empty weighing as much as a tile e-fold too wide or too tall (nine
 * estates on 1920×1080 make 3×3, not four columns with one tile alone in the third row).
 */
export function chooseWallGrid(count: number, width: number, height: number, minTileWidth: number): WallGrid {
	if (count <= 0) return { columns: 1, rows: 1 };
	const widest = Math.max(1, Math.min(count, Math.floor(width / minTileWidth)));
	let best: WallGrid & { cost: number } = { columns: 1, rows: count, cost: Infinity };
	for (let columns = 1; columns <= widest; columns++) {
		const rows = Math.ceil(count / columns);
		const aspect = width / columns / (height / rows);
		const cost = Math.abs(Math.log(aspect / TILE_ASPECT)) + (columns * rows - count) / count;
		if (cost < best.cost) best = { columns, rows, cost };
	}
	return { columns: best.columns, rows: best.rows };
}

/** The room the wall's grid has, in px, and the px of a rem there. */
export interface WallArea {
	width: number;
	height: number;
	rem: number;
}

/**
 * Reports the element's width and the height from its top to `gap` px above the viewport's
 * bottom (whatever banners push it down), on every change of the window or the page above it,
 * and only when one of them changed.
 */
export function measureWallArea(gap: number, onchange: (area: WallArea) => void): Attachment<HTMLElement> {
	return (node) => {
		let last: WallArea | null = null;
		const measure = () => {
			const top = node.getBoundingClientRect().top + window.scrollY;
			const area = {
				width: node.clientWidth,
				height: Math.max(0, Math.floor(window.innerHeight - top - gap)),
				rem: parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
			};
			if (last && last.width === area.width && last.height === area.height && last.rem === area.rem) return;
			last = area;
			onchange(area);
		};
		const observer = new ResizeObserver(measure);
		observer.observe(document.body);
		window.addEventListener('resize', measure);
		measure();
		return () => {
			observer.disconnect();
			window.removeEventListener('resize', measure);
		};
	};
}
