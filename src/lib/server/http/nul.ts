/**
 * Where a parsed value holds a NUL character (in a key or a string), as a reason such as
 * `text: must not contain NUL characters`, or a depth refusal past `maxDepth`; null when clean.
 * Iterative, so a hostile nesting depth cannot overflow the stack.
 */
export function findNulPath(value: unknown, maxDepth: number): string | null {
	const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
	while (stack.length) {
		const { value: v, path, depth } = stack.pop()!;
		if (typeof v === 'string') {
			if (v.includes('\u0000')) return `${path || 'body'}: must not contain NUL characters`;
			continue;
		}
		if (v === null || typeof v !== 'object') continue;
		if (depth >= maxDepth) return `${path || 'body'}: nested deeper than ${maxDepth} levels`;
		for (const [key, child] of Object.entries(v)) {
			if (key.includes('\u0000')) return `${path || 'body'}: keys must not contain NUL characters`;
			stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
		}
	}
	return null;
}

/** True when a text (a path segment, a query value) holds a NUL character. */
export const hasNul = (text: string) => text.includes('\u0000');
