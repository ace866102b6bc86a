import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { describeSendFailure } from './send-failure-text';

describe('describeSendFailure', () => {
	afterEach(() => overwriteGetLocale(() => 'zh-CN'));

	it('words HTTP answers by what they ask the admin to check', () => {
		overwriteGetLocale(() => 'en');
		expect(describeSendFailure('webhook', 'http_500')).toBe('the receiver had an error (HTTP 500); notifications are tried again later');
		expect(describeSendFailure('webhook', 'http_403')).toContain('check the token in the URL, or the secret');
		expect(describeSendFailure('webhook', 'http_404')).toContain('check the address');
		expect(describeSendFailure('webhook', 'http_400')).toBe('the receiver answered HTTP 400');
		expect(describeSendFailure('webhook', 'refused')).toContain('nothing listens at that address');
	});

	it("names a robot's known codes by what they mean for that robot, and any other by number", () => {
		overwriteGetLocale(() => 'en');
		expect(describeSendFailure('dingtalk', 'errcode_310000')).toContain("the robot's security check failed");
		expect(describeSendFailure('feishu', 'code_19024')).toContain('keyword');
		expect(describeSendFailure('wecom', 'errcode_93000')).toContain('the robot was removed');
		// WeCom's and DingTalk's codes share a prefix, not a meaning.
		expect(describeSendFailure('wecom', 'errcode_310000')).toBe('the robot answered error code 310000');
		expect(describeSendFailure('email', 'smtp_550')).toBe('the mail server answered 550');
		expect(describeSendFailure(null, 'something_new')).toBe('it failed (something_new)');
	});

	it('speaks the reader’s language', () => {
		overwriteGetLocale(() => 'zh-CN');
		expect(describeSendFailure('webhook', 'timeout')).toBe('等待响应超时');
		overwriteGetLocale(() => 'zh-TW');
		expect(describeSendFailure('feishu', 'code_19021')).toContain('機器人安全驗證未通過');
	});
});
