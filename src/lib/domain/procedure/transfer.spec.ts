import { describe, expect, it } from 'vitest';
import type { Procedure, ProcedureVersion, Text } from './model';
import { parseProcedureTransfer, transferFileName, TRANSFER_MAX_BYTES, writeProcedureTransfer } from './transfer';

const t = (s: string): Text => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const procedure = (id: Procedure['id'], title: string = id): Procedure => ({ id, title: t(title), summary: t('When it applies'), steps: [{ id: 'a', kind: 'check', title: t('Do it'), required: true }] });
const version = (p: Procedure, version: number): ProcedureVersion => ({ ...p, version, publishedAt: '2026-05-01T00:00:00.000Z', publishedBy: 'shipped' });

describe('the export', () => {
	it('holds each current version as a procedure, by id, without its version fields', () => {
		const file = writeProcedureTransfer([version(procedure('typhoon'), 2), version(procedure('fire'), 5)]);
		expect(file).toEqual([procedure('fire'), procedure('typhoon')]);
	});

	it('reads back as the same procedures', () => {
		const file = JSON.stringify(writeProcedureTransfer([version(procedure('fire'), 5), version(procedure('gas'), 1)]), null, 2);
		const read = parseProcedureTransfer(file);
		expect(read).toEqual({ ok: true, items: [{ index: 0, id: 'fire', ok: true, procedure: procedure('fire') }, { index: 1, id: 'gas', ok: true, procedure: procedure('gas') }] });
	});

	it('is named by its day', () => {
		expect(transferFileName(new Date('2026-05-01T12:00:00Z'))).toBe('shouwang-procedures-2026-05-01.json');
	});
});

describe('an import', () => {
	it('takes one procedure as well as a list, and a stored version with its version fields', () => {
		const one = parseProcedureTransfer(JSON.stringify(version(procedure('fire'), 3)));
		expect(one).toEqual({ ok: true, items: [{ index: 0, id: 'fire', ok: true, procedure: procedure('fire') }] });
	});

	it('reports each procedure’s problems on its fields', () => {
		const bad = { ...procedure('fire'), steps: [{ id: 'a', kind: 'call', title: t('Call'), required: true }] };
		const read = parseProcedureTransfer(JSON.stringify([procedure('gas'), bad, { ...procedure('smoke'), id: 'volcano' }]));
		expect(read.ok && read.items.map((i) => (i.ok ? 'ok' : i.problems))).toEqual([
			'ok',
			[{ field: 'steps.0.phone', code: 'call_needs_phone' }],
			[{ field: 'id', code: 'unknown_kind' }]
		]);
		expect(read.ok && read.items[2].id).toBe('volcano');
	});

	it('refuses the same procedure twice in one file', () => {
		const read = parseProcedureTransfer(JSON.stringify([procedure('fire', 'one'), procedure('fire', 'two')]));
		expect(read.ok && read.items[1]).toEqual({ index: 1, id: 'fire', ok: false, problems: [{ field: 'id', code: 'duplicate_procedure', params: { id: 'fire' } }] });
	});

	it('says why a file holds no procedures', () => {
		expect(parseProcedureTransfer('  ')).toEqual({ ok: false, problem: 'empty' });
		expect(parseProcedureTransfer('{"id": "fire",')).toEqual({ ok: false, problem: 'not_json' });
		expect(parseProcedureTransfer('[]')).toEqual({ ok: false, problem: 'not_procedures' });
		expect(parseProcedureTransfer('[1, 2]')).toEqual({ ok: false, problem: 'not_procedures' });
		expect(parseProcedureTransfer('"fire"')).toEqual({ ok: false, problem: 'not_procedures' });
		expect(parseProcedureTransfer(JSON.stringify(Array.from({ length: 50 }, () => procedure('fire'))))).toEqual({ ok: false, problem: 'too_many' });
		expect(parseProcedureTransfer(`"${'x'.repeat(TRANSFER_MAX_BYTES)}"`)).toEqual({ ok: false, problem: 'too_big' });
	});
});
