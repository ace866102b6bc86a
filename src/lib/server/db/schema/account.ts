import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { device, site } from './site';

/** A person who signs in: admin, manager, operator, guard, or a read-only wall display. */
export const appUser = pgTable(
	'app_user',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		username: text('username').notNull().unique(),
		displayName: text('display_name').notNull(),
		role: text('role').notNull(),
		/** argon2id, PHC string format. */
		passwordHash: text('password_hash').notNull(),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('app_user_role_ck', sql`${t.role} in ('admin', 'manager', 'operator', 'guard', 'wall')`)]
);

/** Which sites a user belongs to (an admin sees all sites regardless). */
export const userSite = pgTable(
	'user_site',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		site: text('site')
			.notNull()
			.references(() => site.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.site] })]
);

/**
 * Which guard of a site's bundle a guard account walks as (at most one per account, and one
 * account per guard): its phone's scans, panic presses and findings are that guard's.
 */
export const guardLink = pgTable(
	'guard_link',
	{
		userId: uuid('user_id')
			.primaryKey()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		site: text('site')
			.notNull()
			.references(() => site.id, { onDelete: 'cascade' }),
		guard: text('guard').notNull()
	},
	(t) => [uniqueIndex('guard_link_guard_uq').on(t.site, t.guard)]
);

/** A signed-in browser. Only a hash of the cookie's token is stored. */
export const userSession = pgTable(
	'user_session',
	{
		idHash: text('id_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
		/** Absolute limit; the idle limit is lastSeenAt + the role's idle timeout. */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		address: text('address'),
		userAgent: text('user_agent')
	},
	(t) => [index('user_session_user_idx').on(t.userId)]
);

/**
 * Sign-in attempts in the current window of one key: an account (`scope` 'account', key the
 * username) or an address (`scope` 'address'). `attempts` are password checks reserved in the
 * window (a success gives its own back); `failures` and `refused` feed the audit summary written
 * when the window ends. Rows of ended windows are swept.
 */
export const signInThrottle = pgTable(
	'sign_in_throttle',
	{
		scope: text('scope').notNull(),
		key: text('key').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		failures: integer('failures').notNull().default(0),
		refused: integer('refused').notNull().default(0),
		/** The latest attempt's address and user agent (bounded), for the summary. */
		lastAddress: text('last_address'),
		lastUserAgent: text('last_user_agent')
	},
	(t) => [
		primaryKey({ columns: [t.scope, t.key] }),
		index('sign_in_throttle_window_idx').on(t.windowStart),
		check('sign_in_throttle_scope_ck', sql`${t.scope} in ('account', 'address')`)
	]
);

/** A token for integrations and tools (`Authorization: Bearer …`), scoped to a role and sites. */
export const apiToken = pgTable('api_token', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	/** sha256 of the token; the token itself is shown once at creation. */
	tokenHash: text('token_hash').notNull().unique(),
	role: text('role').notNull(),
	sites: text('sites').array().notNull(),
	createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	expiresAt: timestamp('expires_at', { withTimezone: true }),
	revokedAt: timestamp('revoked_at', { withTimezone: true })
});

/**
 * A device's MQTT and HTTP credential. The secret is shown once at creation and stored in
 * Mosquitto's password-file hash format, so it can be exported for an external broker.
 */
export const deviceCredential = pgTable(
	'device_credential',
	{
		site: text('site').notNull(),
		device: text('device').notNull(),
		/** `site.device`: the MQTT username and, for devices, the client id. */
		username: text('username').notNull().unique(),
		secretHash: text('secret_hash').notNull(),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		rotatedAt: timestamp('rotated_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.site, t.device] }),
		foreignKey({ columns: [t.site, t.device], foreignColumns: [device.site, device.id], name: 'device_credential_device_fk' })
	]
);
