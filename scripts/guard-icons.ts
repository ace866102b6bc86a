// Draws the guard app's PNG icons from static/icons/guard.svg with Chromium (run once after
// changing the SVG; the PNGs are committed): `npx tsx scripts/guard-icons.ts`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = path.resolve(import.meta.dirname, '../static/icons');
const svg = await fs.readFile(path.join(dir, 'guard.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
	// A maskable icon is cropped to a circle of 80% of its size: the shield is drawn inside that.
	const looks: [string, number, number][] = [
		['guard-192.png', 192, 1],
		['guard-512.png', 512, 1],
		['guard-maskable-512.png', 512, 0.72]
	];
	for (const [file, size, scale] of looks) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		const inner = svg.replace('<svg ', `<svg width="${size * scale}" height="${size * scale}" `);
		await page.setContent(`<body style="margin:0;background:#10161c;display:grid;place-items:center;width:${size}px;height:${size}px">${inner}</body>`);
		await page.screenshot({ path: path.join(dir, file), omitBackground: false });
		await page.close();
	}
} finally {
	await browser.close();
}
