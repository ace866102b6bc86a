import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './account';
import { site } from './site';

/**
 * The photos each site holds. The bytes live in files named by their SHA-256 (under PHOTO_DIR),
 * stored once however many sites or findings name them; a row here is what lets a site's people
 * read one, so a hash guessed or seen elsewhere opens nothing on another site.
 */
export const photo = pgTable(
	'photo',
	{
		site: text('site')
			.notNull()
			.references(() => site.id, { onDelete: 'cascade' }),
		/** SHA-256 of the bytes, lowercase hex: the file's name. */
		hash: text('hash').notNull(),
		/** Told by the bytes, not by what the sender claimed. */
		contentType: text('content_type').notNull(),
		bytes: integer('bytes').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.site, t.hash] })]
);
