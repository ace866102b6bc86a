/**
 * A repeat complainant: a resident who complained again and again within a few months. The
 * desk sees the flag on their tickets and on their record, so a caller the hotline has heard
 * from many times is handled by someone who knows the history (one estate logged a single
 * owner's 200 complaints in a year). Pure.
 */
export const REPEAT_COMPLAINT_WINDOW_DAYS = 90;
export const REPEAT_COMPLAINT_MIN = 3;

export interface ComplaintRecord {
	/** Complaints the resident made within the window. */
	complaints: number;
	repeat: boolean;
}

export const complaintRecordOf = (complaints: number): ComplaintRecord => ({ complaints, repeat: complaints >= REPEAT_COMPLAINT_MIN });

/** The start of the window, `now` minus its days. */
export const complaintWindowStart = (now: Date): Date => new Date(now.getTime() - REPEAT_COMPLAINT_WINDOW_DAYS * 24 * 3600_000);
