-- The projector shows the QR code and join code on every screen unless the facilitator hides it
-- (HALL3): a room where everyone has joined may want the whole screen for the content.
ALTER TABLE workshops ADD COLUMN screen_join_shown boolean NOT NULL DEFAULT true;
