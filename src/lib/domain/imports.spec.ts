import fs from 'node:fs';
import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

// The domain is shared by browser, server and replay; a circle among its modules (type-only
// imports included) is how rules start to depend on each other's internals.
const domain = path.resolve(import.meta.dirname);
const root = path.resolve(domain, '../../..');

describe('lib/domain', () => {
	it('has no import circle, type-only imports included', async () => {
		const tree = await parseDependencyTree('src/lib/domain/**/*.ts', {
			context: root,
			cwd: root,
			transform: false,
			skipDynamicImports: false,
			exclude: /node_modules|\.spec\.ts$/
		});
		const files = Object.keys(tree).filter((f) => f.startsWith('src/lib/domain/'));
		expect(files.length).toBeGreaterThan(30);
		expect(parseCircular(tree)).toEqual([]);
		// Parsing every domain module takes seconds on a busy 2-core machine: more than the default 5 s.
	}, 60_000);

	it('reads event data without `as unknown as` anywhere in the source', () => {
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const file = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(file);
				else if (/\.(ts|svelte)$/.test(entry.name) && /\bdata\s+as\s+unknown\s+as\b/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
			}
		};
		walk(path.join(root, 'src'));
		expect(offenders).toEqual([]);
	});
});
