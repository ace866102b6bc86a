/**
 * Where the residents' helper plugs in its ResidentPicker: the intake form and the ticket page
 * render a `residentPicker` / `residentCard` snippet when the page passes one, with this
 * argument. A ticket names its caller by resident id only; their name and phone stay in the
 * residents' own table.
 */
export interface ResidentSlot {
	site: string;
	/** The resident picked (or on the ticket), by id; null for none. */
	resident: string | null;
	/** Pick a resident (null: none). Absent where the ticket is only shown. */
	choose?: (id: string | null) => void;
}
