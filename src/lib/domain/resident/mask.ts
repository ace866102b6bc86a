/**
 * How a resident's name and number are shown to whoever has not revealed them: enough to tell
 * two residents of one flat apart and to match a caller's "the number ending 5678", never enough
 * to call them. Pure, no I/O.
 */

const MASK = '*';

/**
 * A phone number with its middle digits hidden, its spaces, dashes and `+` kept:
 * - 11 digits or more (a mobile, a landline with its area code, an international number): the
 *   last 4 and at most the first 5 show, the 4 or more between them are hidden —
 *   `13812345678` → `138****5678`, `021-12345678` → `021-****5678`, `+86 138 1234 5678` → `+86 138 **** 5678`;
 * - 7 to 10 digits (a local number): only the last 4 show — `12345678` → `****5678`;
 * - fewer (a short or odd number): a third of its digits at most, from the end — `95588` → `****8`.
 * No digits at all: every character hidden.
 */
export function maskPhone(phone: string): string {
	const digits = phone.replace(/\D/g, '').length;
	if (digits === 0) return phone.replace(/\S/g, MASK);
	const tail = digits >= 7 ? 4 : Math.floor(digits / 3);
	const head = digits >= 11 ? Math.min(digits - 8, 5) : 0;
	let i = 0;
	return phone.replace(/\d/g, (d) => {
		const shown = i < head || i >= digits - tail;
		i++;
		return shown ? d : MASK;
	});
}

const HAN = /^\p{Script=Han}$/u;
/** What separates the parts of a name: spaces, the middle dot of transcribed names (阿卜杜·热合曼), dots, hyphens. */
const SEPARATORS = /([\s·・.\-]+)/u;

/**
 * A name with only the first character of each part shown. A Chinese part keeps its length
 * (`张三` → `张*`, `欧阳娜娜` → `欧***`), since a surname and a length are what the desk says aloud
 * anyway; a part in a Latin script hides its length too (`Alice Wang` → `A*** W***`). A name of
 * one character shows nothing.
 */
export function maskName(name: string): string {
	const trimmed = name.trim();
	if (Array.from(trimmed).length <= 1) return trimmed ? MASK : '';
	return trimmed
		.split(SEPARATORS)
		.map((part) => {
			if (!part || SEPARATORS.test(part)) return part;
			const [first, ...rest] = Array.from(part);
			return first + (HAN.test(first) ? MASK.repeat(rest.length) : MASK.repeat(3));
		})
		.join('');
}
