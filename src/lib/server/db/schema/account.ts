import { sql } from 'drizzle-orm';
import { bigserial, check, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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

/** Failed sign-ins, for throttling per (username, address). Old rows are pruned. */
export const loginFailure = pgTable(
	'login_failure',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		username: text('username').notNull(),
		address: text('address').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull()
	},
	(t) => [index('login_failure_key_idx').on(t.username, t.address, t.at)]
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
