/**
 * Tooltip content as text nodes, one line each: Leaflet sets string content as HTML, and
 * names come from site data, which must never be able to inject markup.
 */
export function createTooltipText(...lines: string[]): HTMLElement {
	const root = document.createElement('div');
	for (const line of lines) {
		const row = document.createElement('div');
		row.textContent = line;
		root.append(row);
	}
	return root;
}
