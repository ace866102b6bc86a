-- Custom SQL migration file, put your code below! --
-- Last-seen is now the server's time of receipt. Before, it was the device's clock, so a device
-- that once claimed a future time would stay "online" forever; bring such rows back to now, so
-- the heartbeat watch judges them from here on.
UPDATE "device" SET "last_seen_at" = now() WHERE "last_seen_at" > now();
