import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The notifications projection (`evolveNotification`): one row per notification, `recipients`
 * the people whose notification centres list it, `state` the whole Notification.
 */
export const notification = pgTable(
	'notification',
	{
		id: text('id').primaryKey(),
		site: text('site').notNull(),
		recipients: text('recipients').array().notNull(),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, precision: 3 }),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [index('notification_recipients_idx').using('gin', t.recipients), index('notification_site_idx').on(t.site, t.at)]
);

/** Up to when each person has looked at their notification centre: what the bell's unread count starts from. UI state, not a fact. */
export const notificationSeen = pgTable('notification_seen', {
	userId: text('user_id').primaryKey(),
	seenAt: timestamp('seen_at', { withTimezone: true, precision: 3 }).notNull()
});

/**
 * Where notifications go out: a webhook, an SMTP mailbox list, a WeCom, DingTalk or Feishu group
 * robot. `config` holds its secrets (never sent to a browser) and the language it speaks. `kinds` and `sites`: what it takes
 * on its own, for everyone (a team's group); people add it to their own rules too.
 */
export const notificationChannel = pgTable('notification_channel', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	kind: text('kind').notNull(),
	config: jsonb('config').notNull(),
	kinds: text('kinds').array().notNull(),
	sites: text('sites').array(),
	enabled: boolean('enabled').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
});

/** A person's choice per kind: the channels it reaches them on, and whether it repeats until acknowledged. */
export const notificationRule = pgTable(
	'notification_rule',
	{
		userId: text('user_id').notNull(),
		kind: text('kind').notNull(),
		channels: text('channels').array().notNull(),
		repeatEvery: integer('repeat_every')
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);

/**
 * Deliveries to send, written by the notifications projection in the transaction of the event
 * that raised them, so a crash between commit and sending loses none. `delivery_id` is the same
 * across retries (receivers drop repeats by it). A sender claims a row until `claimed_until`;
 * one that dies mid-send leaves it to be claimed again.
 */
export const notificationOutbox = pgTable(
	'notification_outbox',
	{
		deliveryId: text('delivery_id').primaryKey(),
		channel: text('channel').notNull(),
		notification: text('notification').notNull(),
		site: text('site').notNull(),
		message: jsonb('message').notNull(),
		status: text('status').notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull(),
		claimedUntil: timestamp('claimed_until', { withTimezone: true, precision: 3 }),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 })
	},
	(t) => [index('notification_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`), index('notification_outbox_channel_idx').on(t.channel, t.createdAt)]
);
