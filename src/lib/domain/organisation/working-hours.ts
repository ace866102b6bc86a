import { z } from 'zod';

/** `HH:MM`, 24-hour, on the site's clock (its time zone comes with its import). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The site's working day: categories that follow working hours count time only inside it. */
export const workingHoursSchema = z.object({
	start: clockTime,
	end: clockTime,
	/** ISO weekdays, 1 = Monday … 7 = Sunday. */
	days: z.array(z.number().int().min(1).max(7)).min(1).max(7)
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;
