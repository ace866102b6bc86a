import { getLocale } from '$lib/paraglide/runtime.js';
import type { Checklist, ChecklistProgress } from '$lib/domain/checklist/model';
import { getChecklistProgress } from '$lib/domain/checklist/rules';
import type { Incident } from '$lib/domain/incident/model';
import { findFeature, type SitePlan } from '$lib/domain/site/model';
import type { ConsoleState } from '$lib/realtime/console-state.svelte';
import { ProcedureCatalog } from './procedure-catalog.svelte';

/**
 * The checklists of the incidents on a console, read from the `checklists` projection, and the
 * procedure versions they follow: the queue's progress, the names the feed gives steps and
 * answers, and the camera an incident's "confirm" step opens.
 */
export class ConsoleChecklists {
	readonly catalog = new ProcedureCatalog();

	constructor(
		private readonly live: ConsoleState,
		private readonly plans: () => Record<string, SitePlan>
	) {}

	of = (i: Incident): Checklist | undefined => this.live.projections.siteRows('checklists', i.site).find((c) => c.id === i.id);

	progressOf = (i: Incident): ChecklistProgress | undefined => {
		const c = this.of(i);
		return c ? getChecklistProgress(c) : undefined;
	};

	#step(incident: string, step: string) {
		const i = this.live.incidents.get(incident);
		const c = i && this.of(i);
		return c ? this.catalog.step(c.procedure, c.version, step) : undefined;
	}

	/** A step's title, for the feed and the history. */
	stepName = (incident: string, step: string) => this.#step(incident, step)?.title[getLocale()];

	/** A choice's answer as its option's words. */
	answerName = (incident: string, step: string, answer: string) => this.#step(incident, step)?.options?.find((o) => o.id === answer)?.label[getLocale()];

	/** The camera of the incident's alarm point (a drill's point for a drill), or null. */
	cameraOf(i: Incident): string | null {
		const plan = this.plans()[i.site];
		const at = i.opened?.target ?? (i.opened ? null : { device: i.device, point: i.point });
		const feature = plan && at ? findFeature({ plan }, 'alarm_point', at.point) : undefined;
		return feature && feature.properties.device === at?.device ? (feature.properties.camera ?? null) : null;
	}
}
