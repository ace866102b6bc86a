import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { ROBOT_TEXT_MAX_BYTES, utf8Length } from './robot-markdown';
import { wecomBody, wecomContent } from './wecom';

const message: OutboundMessage = { title: 'Alarm at gate 2', text: 'Door forced open', severity: 'critical', link: 'https://sw.example.cn/incidents/I-3', at: '2026-12-01T08:00:00.000Z', kind: 'incident_raised' };

describe('wecomBody', () => {
	it('is a markdown message with title, coloured severity, text and link', () => {
		expect(JSON.parse(wecomBody([message], 'en'))).toEqual({
			msgtype: 'markdown',
			markdown: { content: '**Alarm at gate 2**\n<font color="warning">Critical</font>\nDoor forced open\n[Open in Shouwang](https://sw.example.cn/incidents/I-3)' }
		});
	});

	it('keeps within 4096 bytes, cutting the text and keeping the link', () => {
		const long = { ...message, text: '电梯故障'.repeat(2000) };
		const content = wecomContent(long, 'zh-CN');
		expect(utf8Length(content)).toBeLessThanOrEqual(ROBOT_TEXT_MAX_BYTES);
		expect(utf8Length(content)).toBeGreaterThan(ROBOT_TEXT_MAX_BYTES - 4);
		expect(content).toContain('…\n[在守望中打开](https://sw.example.cn/incidents/I-3)');
		expect(content).not.toContain('\uFFFD');
	});
});
