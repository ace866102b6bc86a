import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpointTagUrl } from '$lib/domain/patrol/checkpoint-tag-url';
import type { SitePlan } from '$lib/domain/site/model';
import { listTagCheckpoints, renderCheckpointTagSheet, TAG_SHEET_CSP, TAGS_PER_SHEET, type CheckpointTag, type TagSheetText } from './checkpoint-tags';

const name = (s: string) => ({ 'zh-CN': `${s}（简）`, 'zh-TW': `${s}（繁）`, en: s });
const checkpoint = (id: string) => ({
	type: 'Feature' as const,
	geometry: { type: 'Point' as const, coordinates: [120.15, 30.28] as [number, number] },
	properties: { kind: 'checkpoint' as const, id, name: name(`Checkpoint ${id}`) }
});
const gate = { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [120.15, 30.28] as [number, number] }, properties: { kind: 'gate' as const, id: 'G', name: name('Gate') } };
const plan: SitePlan = { type: 'FeatureCollection', features: [checkpoint('A'), gate, checkpoint('B'), checkpoint('C')] };
const stops = (...ids: string[]) => ({ stops: ids.map((checkpoint) => ({ checkpoint, legMinutes: 1, toleranceMinutes: 5 })) });

const text: TagSheetText = { lang: 'en', title: 'Tags', siteName: 'Estate', hint: 'Print at 100%', print: 'Print', empty: 'Nothing' };
const tag = (code: string, tagName = `Checkpoint ${code}`): CheckpointTag => ({ code, name: tagName, url: formatCheckpointTagUrl('https://c.example', 's1', code) });

describe('listTagCheckpoints', () => {
	it('lists every checkpoint of the plan in plan order, nothing else', () => {
		expect(listTagCheckpoints(plan).map((c) => c.id)).toEqual(['A', 'B', 'C']);
	});

	it('lists a route’s checkpoints in walking order, each once', () => {
		expect(listTagCheckpoints(plan, stops('C', 'A', 'C')).map((c) => c.id)).toEqual(['C', 'A']);
		expect(listTagCheckpoints(plan, stops('B'))[0].name.en).toBe('Checkpoint B');
	});

	it('names a stop the plan no longer has by its id', () => {
		expect(listTagCheckpoints(plan, stops('A', 'GONE'))).toEqual([
			{ id: 'A', name: name('Checkpoint A') },
			{ id: 'GONE', name: { 'zh-CN': 'GONE', 'zh-TW': 'GONE', en: 'GONE' } }
		]);
	});
});

describe('formatCheckpointTagUrl', () => {
	it('puts the site and checkpoint under /guard/c on the origin', () => {
		expect(formatCheckpointTagUrl('https://c.example', 's1', 'CP-01')).toBe('https://c.example/guard/c/s1/CP-01');
		expect(formatCheckpointTagUrl('http://10.0.0.5:3000/', 's1', 'CP_1')).toBe('http://10.0.0.5:3000/guard/c/s1/CP_1');
	});
});

describe('renderCheckpointTagSheet', () => {
	it('gives one label per tag, with its QR code (SVG), name and code, on A4 sheets of 24', async () => {
		const tags = Array.from({ length: TAGS_PER_SHEET + 1 }, (_, n) => tag(`CP${n}`));
		const html = await renderCheckpointTagSheet(text, tags);
		expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
		expect(html).toContain('@page { size: A4; margin: 0; }');
		expect(html.match(/<section class="sheet">/g)).toHaveLength(2);
		expect(html.match(/<div class="label" /g)).toHaveLength(TAGS_PER_SHEET + 1);
		expect(html.match(/<svg /g)).toHaveLength(TAGS_PER_SHEET + 1);
		// The first sheet holds exactly 24, the second the one left over.
		const [first, second] = html.split('<section class="sheet">').slice(1);
		expect(first.match(/class="label"/g)).toHaveLength(24);
		expect(second).toContain('data-checkpoint="CP24"');
		expect(html).toContain('<div class="label" data-checkpoint="CP3" data-url="https://c.example/guard/c/s1/CP3"><div class="qr"><svg role="img" aria-label="https://c.example/guard/c/s1/CP3" ');
		expect(html).toContain('<p class="name">Checkpoint CP3</p><p class="code">CP3</p><p class="site">Estate</p>');
		expect(html).toContain('<button type="button" id="print">Print</button>');
	});

	it('escapes every name, code and word of the sheet', async () => {
		const evil = '<img src=x onerror="alert(1)">&\'';
		const html = await renderCheckpointTagSheet({ ...text, title: evil, siteName: evil, hint: evil, print: evil }, [tag('A', evil)]);
		expect(html).not.toContain('<img');
		expect(html).not.toContain('onerror="');
		expect(html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#39;');
	});

	it('says so when there is nothing to print', async () => {
		const html = await renderCheckpointTagSheet(text, []);
		expect(html).not.toContain('class="sheet"');
		expect(html).toContain('<p class="empty">Nothing</p>');
	});

	it('is allowed by its CSP: its one style and one script by hash, nothing else', async () => {
		const html = await renderCheckpointTagSheet(text, [tag('A')]);
		const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
		const style = html.match(/<style>([\s\S]*?)<\/style>/)![1];
		const script = html.match(/<script>([\s\S]*?)<\/script>/)![1];
		expect(TAG_SHEET_CSP).toContain(`style-src ${hash(style)};`);
		expect(TAG_SHEET_CSP).toContain(`script-src ${hash(script)};`);
		expect(TAG_SHEET_CSP).toMatch(/^default-src 'none';/);
		expect(html.match(/<(style|script)\b/g)).toEqual(['<style', '<script']);
		expect(html).not.toMatch(/ style="/);
	});
});
