-- The idea board's relational side: who wrote which note, themes, moderation. The Yjs document
-- is what everyone sees; these tables are what the record, the dot vote and reports read by SQL.
-- The board service writes both in step (database first, then the document).

CREATE TABLE boards (
  activity_id uuid PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  mode text NOT NULL DEFAULT 'open' CHECK (mode IN ('open', 'private')),
  -- Private notes become visible to all once revealed; an open board counts as revealed.
  revealed_at timestamptz,
  locked boolean NOT NULL DEFAULT false,
  -- Whether notes may be added while the room is on another activity.
  allow_async boolean NOT NULL DEFAULT false,
  rev integer NOT NULL DEFAULT 1
);

CREATE TABLE board_themes (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES boards(activity_id) ON DELETE CASCADE,
  name text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE INDEX board_themes_activity_idx ON board_themes (activity_id);

CREATE TABLE board_notes (
  -- Chosen by the device that wrote it, so a retried send is recognised and stored once.
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES boards(activity_id) ON DELETE CASCADE,
  author_participant_id uuid REFERENCES participants(id) ON DELETE SET NULL,
  -- Set when a facilitator typed the note for someone on paper or speaking (assisted entry).
  entered_by_facilitator_id uuid REFERENCES facilitators(id),
  group_key text NOT NULL,
  show_name boolean NOT NULL DEFAULT false,
  text text NOT NULL,
  theme_id uuid REFERENCES board_themes(id),
  position integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'withdrawn', 'hidden')),
  hidden_reason text,
  -- A near-duplicate merged into another note: it stops showing, its author still counts.
  merged_into uuid REFERENCES board_notes(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX board_notes_activity_idx ON board_notes (activity_id);
CREATE INDEX board_notes_author_idx ON board_notes (author_participant_id);

CREATE TABLE board_moderation_log (
  id bigserial PRIMARY KEY,
  note_id uuid NOT NULL REFERENCES board_notes(id) ON DELETE CASCADE,
  activity_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('hide', 'unhide')),
  reason text NOT NULL DEFAULT '',
  facilitator_id uuid NOT NULL REFERENCES facilitators(id),
  note_text text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX board_moderation_activity_idx ON board_moderation_log (activity_id);
