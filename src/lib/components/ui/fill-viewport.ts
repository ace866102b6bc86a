import type { Attachment } from 'svelte/attachments';

/**
 * Sizes an element to end `gap` px above the viewport's bottom, wherever the banners above it
 * (sound, escalations, a degraded link) have pushed its top, while `media` matches; otherwise
 * its stylesheet's height stands (as it does before the page is hydrated). Writes the element's
 * style only, no component state.
 */
export function fillViewport(media: string, gap: number): Attachment<HTMLElement> {
	return (node) => {
		const wide = window.matchMedia(media);
		const fit = () => {
			if (!wide.matches) return void (node.style.height = '');
			const top = node.getBoundingClientRect().top + window.scrollY;
			node.style.height = `${Math.floor(window.innerHeight - top - gap)}px`;
		};
		// The body changes size when a banner comes or goes; the height this sets converges at once.
		const observer = new ResizeObserver(fit);
		observer.observe(document.body);
		window.addEventListener('resize', fit);
		wide.addEventListener('change', fit);
		fit();
		return () => {
			observer.disconnect();
			window.removeEventListener('resize', fit);
			wide.removeEventListener('change', fit);
		};
	};
}
