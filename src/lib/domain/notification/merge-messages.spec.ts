import { describe, expect, it } from 'vitest';
import { MERGED_ITEMS_MAX, mergeMessages } from './merge-messages';
import type { OutboundMessage } from './outbound-message';

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
	title: '工单 T-12 已超时',
	text: '3 号楼电梯故障，超过响应时限 30 分钟',
	severity: 'major',
	link: 'https://sw.example.cn/tickets/T-12',
	at: '2026-12-01T08:00:00.000Z',
	kind: 'ticket_breached',
	...over
});

describe('mergeMessages', () => {
	it('gives one message back unchanged', () => {
		const one = message();
		expect(mergeMessages([one])).toBe(one);
	});

	it('folds several into one: a count for title, a line each, the highest severity', () => {
		const merged = mergeMessages(
			[
				message(),
				message({ title: 'Alarm at gate 2', text: 'Door forced', severity: 'critical', link: null, at: '2026-12-01T08:01:00.000Z', kind: 'incident_raised' }),
				message({ title: 'Round late', text: '', severity: 'info', link: null })
			],
			'en'
		);
		expect(merged).toEqual({
			title: '3 notifications',
			text: ['[Major] 工单 T-12 已超时: 3 号楼电梯故障，超过响应时限 30 分钟', 'https://sw.example.cn/tickets/T-12', '[Critical] Alarm at gate 2: Door forced', '[Info] Round late'].join('\n'),
			severity: 'critical',
			link: null,
			at: '2026-12-01T08:00:00.000Z',
			kind: 'merged'
		});
	});

	it('speaks the channel’s language, zh-CN unless told', () => {
		expect(mergeMessages([message(), message()]).title).toBe('2 条通知');
		expect(mergeMessages([message(), message()], 'zh-TW').title).toBe('2 則通知');
		expect(mergeMessages([message(), message()], 'zh-TW').text).toContain('[重要] 工单 T-12');
	});

	it('keeps a link and a kind all the messages share', () => {
		const merged = mergeMessages([message(), message({ severity: 'minor' })], 'en');
		expect(merged.link).toBe('https://sw.example.cn/tickets/T-12');
		expect(merged.kind).toBe('ticket_breached');
		expect(merged.severity).toBe('major');
	});

	it('lists at most MERGED_ITEMS_MAX and counts the rest', () => {
		const many = Array.from({ length: MERGED_ITEMS_MAX + 5 }, (_, i) => message({ title: `T-${i}`, link: null }));
		const merged = mergeMessages(many, 'en');
		expect(merged.title).toBe(`${MERGED_ITEMS_MAX + 5} notifications`);
		expect(merged.text).toContain(`T-${MERGED_ITEMS_MAX - 1}:`);
		expect(merged.text).not.toContain(`T-${MERGED_ITEMS_MAX}:`);
		expect(merged.text.endsWith('… and 5 more')).toBe(true);
	});

	it('refuses an empty batch', () => {
		expect(() => mergeMessages([])).toThrow(RangeError);
	});
});
