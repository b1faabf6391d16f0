-- World Café: tables, hosts, seating per round, the phase clock, tablecloth snapshots and the
-- harvest's insights. The tablecloths themselves are Yjs documents (yjs_updates); the server
-- keeps plain-text snapshots of them here so a wrecked tablecloth can be put back.

CREATE TABLE cafes (
  activity_id uuid PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  phase text NOT NULL DEFAULT 'setup'
    CHECK (phase IN ('setup', 'moving', 'talking', 'paused', 'harvest')),
  round integer NOT NULL DEFAULT 0,
  -- The server's clock is the authority: phones count down to this (CAFE5).
  ends_at timestamptz,
  paused_phase text CHECK (paused_phase IN ('moving', 'talking')),
  paused_remaining_ms integer,
  -- Fixed at creation so a café's seating can be reproduced (CAFE10).
  seed text NOT NULL,
  notes_shared boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE cafe_tables (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  number integer NOT NULL,
  name text NOT NULL,
  colour text NOT NULL,
  place text NOT NULL DEFAULT '',
  question text NOT NULL DEFAULT '',
  online boolean NOT NULL DEFAULT false,
  host_id uuid REFERENCES participants(id) ON DELETE SET NULL,
  position integer NOT NULL
);
CREATE INDEX cafe_tables_activity_idx ON cafe_tables (activity_id);

CREATE TABLE cafe_seats (
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  round integer NOT NULL,
  participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  table_id uuid NOT NULL REFERENCES cafe_tables(id) ON DELETE CASCADE,
  is_host boolean NOT NULL DEFAULT false,
  source text NOT NULL DEFAULT 'auto' CHECK (source IN ('auto', 'manual', 'late')),
  PRIMARY KEY (activity_id, round, participant_id)
);
CREATE INDEX cafe_seats_table_idx ON cafe_seats (table_id, round);

-- What participants told the café about themselves: offering to host, joining from elsewhere.
CREATE TABLE cafe_people (
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  volunteer boolean NOT NULL DEFAULT false,
  remote boolean NOT NULL DEFAULT false,
  PRIMARY KEY (activity_id, participant_id)
);

CREATE TABLE cafe_quality (
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  round integer NOT NULL,
  repeat_pairs integer NOT NULL,
  revisits integer NOT NULL,
  size_spread integer NOT NULL,
  PRIMARY KEY (activity_id, round)
);

CREATE TABLE cafe_snapshots (
  id serial PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  table_id uuid NOT NULL REFERENCES cafe_tables(id) ON DELETE CASCADE,
  round integer NOT NULL,
  reason text NOT NULL CHECK (reason IN ('minute', 'round_end', 'restored', 'before_restore')),
  text text NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cafe_snapshots_table_idx ON cafe_snapshots (table_id, round, id);

CREATE TABLE cafe_insights (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES cafes(activity_id) ON DELETE CASCADE,
  text text NOT NULL,
  source_table_ids uuid[] NOT NULL DEFAULT '{}',
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE INDEX cafe_insights_activity_idx ON cafe_insights (activity_id);

-- A vote option may come from a harvest insight.
ALTER TABLE vote_options DROP CONSTRAINT IF EXISTS vote_options_source_check;
ALTER TABLE vote_options ADD CONSTRAINT vote_options_source_check
  CHECK (source IN ('typed', 'theme', 'note', 'insight'));
