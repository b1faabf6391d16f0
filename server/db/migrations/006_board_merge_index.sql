-- Counting the notes merged into each note (shown as "+n similar") looks notes up by merged_into
-- once per note listed; without this index that was a scan of the table per row.
CREATE INDEX board_notes_merged_into_idx ON board_notes (merged_into) WHERE merged_into IS NOT NULL;
