import type { RunningApp } from '../../tests/fixtures/app';

/**
 * What the proxy refuses (403) because it would end the scan's own session: signing out, and
 * disabling, demoting, a new password for or ending the sessions of the admin it is signed in as.
 * What is behind the sign-in would otherwise go unscanned. Wapiti's own --exclude cannot do this:
 * 3.0.4 builds a regular expression that Python 3.11 rejects, and it cannot match a form's body.
 */
export async function refuseSelfHarmFor(running: RunningApp, username = 'admin'): Promise<(url: string, body: string) => string | undefined> {
	const { users } = (await (await running.api('/api/users')).json()) as { users: { id: string; username: string }[] };
	const id = users.find((u) => u.username === username)?.id;
	if (!id) throw new Error(`no user ${username}`);
	return (url, body) => {
		if (/^\/(logout|api\/auth\/logout)(?=[/?#]|$)/.test(url)) return 'sign-out, refused by the scan';
		if ((url.startsWith('/admin/users') || url.startsWith('/api/users')) && (url.includes(id) || body.includes(id))) {
			return "a change to the scan's own account, refused by the scan";
		}
		return undefined;
	};
}
