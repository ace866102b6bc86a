import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './mask';

describe('maskPhone', () => {
	it('hides the middle four digits of a mobile number', () => {
		expect(maskPhone('13812345678')).toBe('138****5678');
		expect(maskPhone('138 1234 5678')).toBe('138 **** 5678');
		expect(maskPhone('138-1234-5678')).toBe('138-****-5678');
	});
	it('keeps the area code and the last four of a landline', () => {
		expect(maskPhone('021-12345678')).toBe('021-****5678');
		expect(maskPhone('0755-12345678')).toBe('0755-****5678');
		expect(maskPhone('010 8765 4321')).toBe('010 **** 4321');
	});
	it('shows at most five leading digits of a long number', () => {
		expect(maskPhone('+86 138 1234 5678')).toBe('+86 138 **** 5678');
		expect(maskPhone('+8613812345678')).toBe('+86138****5678');
		expect(maskPhone('00861381234567890')).toBe('00861********7890');
	});
	it('shows only the last four of a local number', () => {
		expect(maskPhone('12345678')).toBe('****5678');
		expect(maskPhone('1234567')).toBe('***4567');
		expect(maskPhone('0123456789')).toBe('******6789');
	});
	it('hides at least two thirds of a short number', () => {
		expect(maskPhone('95588')).toBe('****8');
		expect(maskPhone('110')).toBe('**0');
		expect(maskPhone('8001')).toBe('***1');
		expect(maskPhone('123456')).toBe('****56');
	});
	it('never shows the hidden digits, whatever the number', () => {
		for (const phone of ['13812345678', '021-12345678', '+86 138 1234 5678', '12345678', '95588', '110']) {
			const digits = phone.replace(/\D/g, '');
			const shown = maskPhone(phone).replace(/[^0-9]/g, '');
			expect(shown.length).toBeLessThanOrEqual(Math.max(1, digits.length - 4));
			expect(maskPhone(phone)).toHaveLength(phone.length);
		}
	});
	it('hides every character of something that is not a number', () => {
		expect(maskPhone('abc')).toBe('***');
		expect(maskPhone('')).toBe('');
	});
});

describe('maskName', () => {
	it('keeps the surname of a Chinese name and its length', () => {
		expect(maskName('张三')).toBe('张*');
		expect(maskName('欧阳娜娜')).toBe('欧***');
		expect(maskName('  李小龙 ')).toBe('李**');
	});
	it('keeps the first letter of each part of a Latin name, not its length', () => {
		expect(maskName('Alice Wang')).toBe('A*** W***');
		expect(maskName('Bo')).toBe('B***');
		expect(maskName('Mary-Jane O Neil')).toBe('M***-J*** O*** N***');
	});
	it('keeps the separators of a transcribed name', () => {
		expect(maskName('阿卜杜·热合曼')).toBe('阿**·热**');
	});
	it('shows nothing of a one-character name', () => {
		expect(maskName('张')).toBe('*');
		expect(maskName('')).toBe('');
		expect(maskName('   ')).toBe('');
	});
	it('takes characters outside the basic plane whole', () => {
		expect(maskName('𠮷田')).toBe('𠮷*');
	});
});
