-- A running tally per vote (SCALE14) reads only the ballots changed since it last counted, not
-- every ballot of the hall. Each change to a ballot takes the next number of one sequence; a
-- counting node remembers the highest it has seen. Numbers are taken when a transaction writes,
-- not when it commits, so a reader also looks back a little, and checks what it holds against
-- the vote's version (the session's counter plus its ballots'): any change it missed shows as a
-- difference there, and it counts afresh.
CREATE SEQUENCE ballot_changes;
ALTER TABLE ballots ADD COLUMN changed_seq bigint NOT NULL DEFAULT nextval('ballot_changes');
CREATE INDEX ballots_changes ON ballots (activity_id, changed_seq);
