/** Text made safe inside HTML, in element content and in quoted attributes alike. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
