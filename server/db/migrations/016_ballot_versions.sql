-- A vote's version (which tallies carry, so clients keep the newest) was one counter on its
-- vote_sessions row, bumped by every ballot: every voter's transaction then waited on that one
-- row's lock, and a hall voting at once voted one at a time. Each ballot now counts its own
-- changes, under the ballot row lock its transaction already holds; the vote's version is the
-- session's counter plus the sum of its ballots' (voting/store.ts `countedVersion`). Deleting a
-- ballot moves its count onto the session row, so the sum never goes back.
ALTER TABLE ballots ADD COLUMN version integer NOT NULL DEFAULT 0;
