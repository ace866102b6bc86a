import { z } from 'zod';
import { procedureSchema } from './schema';

/**
 * Procedures belong to no site: their versions are facts of the system stream. The definition
 * is the whole procedure as published (texts included), so the log alone says what every
 * version asked for.
 */
export const PROCEDURE_EVENTS = {
	ProcedurePublished: z.object({
		procedure: z.string(),
		version: z.number().int().positive(),
		definition: procedureSchema
	})
} as const;
