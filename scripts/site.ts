// `npm run site -- <command>`: a site's bundle (site.json + plan.geojson) on the command line.
//   check  <dir>                  check a bundle's two files; every problem with file:line:column
//   export <site> <dir>           write the site's bundle into <dir>
//   import <dir> [--replace]      check and import; an existing site is replaced only with --replace
// Works on the database the app is configured with (DATABASE_URL, or the embedded server in
// DATA_DIR while the app runs). An import from here is recorded as `SiteImported` by `cli`;
// consoles open at the time see the new plan when they reload.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkSiteBundle } from '../src/lib/domain/site/bundle/check';
import { PLAN_FILE, SITE_FILE, formatBundleProblem, type BundleFiles } from '../src/lib/domain/site/bundle/bundle';
import { exportBundleFiles } from '../src/lib/server/domain/site/bundle-files';
import { parseConfig } from '../src/lib/server/config';
import { createDatabase } from '../src/lib/server/db/client';
import { getCliDbTarget } from '../src/lib/server/db/cli-target';
import { importSiteBundle } from '../src/lib/server/domain/site/commands';
import { createCommandRunner } from '../src/lib/server/commands';
import { CommittedBus } from '../src/lib/server/event-log/bus';
import { createProjections } from '../src/lib/server/projections';
import { createSystemClock } from '../src/lib/server/clock';
import { createLogger } from '../src/lib/server/log';
import { readSiteBundle } from '../src/lib/server/domain/site/queries';

const USAGE = 'usage: npm run site -- check <dir> | export <site> <dir> | import <dir> [--replace]';

function fail(message: string, code = 2): never {
	console.error(`site: ${message}`);
	process.exit(code);
}

async function readFiles(dir: string): Promise<BundleFiles> {
	const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8').catch(() => fail(`cannot read ${path.join(dir, name)}`));
	return { site: await read(SITE_FILE), plan: await read(PLAN_FILE) };
}

/** Checks the files; prints each problem as file:line:column and exits 1 if there is any. */
async function checkDir(dir: string) {
	const check = checkSiteBundle(await readFiles(dir), 'en');
	if (check.ok) return check.bundle;
	for (const p of check.problems) console.error(path.join(dir, formatBundleProblem(p)));
	if (check.more > 0) console.error(`… and ${check.more} more`);
	fail(`the bundle in ${dir} has ${check.problems.length + check.more} problem(s); nothing was imported`, 1);
}

async function withDatabase<T>(run: (sql: ReturnType<typeof createDatabase>['sql']) => Promise<T>): Promise<T> {
	const config = parseConfig(process.env);
	const { sql, close } = createDatabase(getCliDbTarget(config), config.dbTimeoutMs, 1);
	try {
		return await run(sql);
	} catch (err) {
		fail(`database: ${(err as Error).message}`);
	} finally {
		await close();
	}
}

const args = process.argv.slice(2);
const replace = args.includes('--replace');
const [command, ...rest] = args.filter((a) => a !== '--replace');

if (command === 'check' && rest.length === 1) {
	const bundle = await checkDir(rest[0]);
	console.log(`${rest[0]}: site ${bundle.site.id}, ${bundle.plan.features.length} plan features, ${bundle.devices.length} devices: no problems`);
} else if (command === 'export' && rest.length === 2) {
	const [site, dir] = rest;
	const bundle = await withDatabase((sql) => readSiteBundle(sql, site));
	if (!bundle) fail(`no site ${site}`);
	const files = exportBundleFiles(bundle);
	await fs.mkdir(dir, { recursive: true });
	await fs.writeFile(path.join(dir, SITE_FILE), files.site);
	await fs.writeFile(path.join(dir, PLAN_FILE), files.plan);
	console.log(`wrote ${path.join(dir, SITE_FILE)} and ${path.join(dir, PLAN_FILE)}`);
} else if (command === 'import' && rest.length === 1) {
	const bundle = await checkDir(rest[0]);
	const actor = { kind: 'system' as const, id: `cli:${os.userInfo().username}` };
	// The same command path as the app's: the import and its event, projected, in one transaction.
	const config = parseConfig(process.env);
	const run = (sql: Parameters<typeof createCommandRunner>[0]['sql']) =>
		createCommandRunner({
			sql,
			projections: createProjections({ escalation: config.escalation, heartbeatGraceSeconds: config.heartbeatGraceSeconds }),
			bus: new CommittedBus(createLogger('warn')),
			clock: createSystemClock()
		});
	const outcome = await withDatabase((sql) => importSiteBundle(run(sql), bundle, actor, { replace }));
	if (!outcome.ok) fail(`site ${bundle.site.id} exists: add --replace to replace its model`);
	console.log(`${outcome.created ? 'created' : 'replaced'} site ${bundle.site.id} (event seq ${outcome.envelopes[0]?.seq})`);
} else {
	fail(USAGE);
}
