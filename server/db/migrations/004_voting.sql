-- Dot votes and congress votes. The server is the authority: ballots are rows, changed only in
-- transactions that check budgets, caps and that voting is open.

CREATE TABLE vote_sessions (
  activity_id uuid PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('dot', 'single', 'approval', 'ranking', 'points')),
  status text NOT NULL DEFAULT 'preparing' CHECK (status IN ('preparing', 'open', 'closed')),
  revealed boolean NOT NULL DEFAULT false,
  -- The rules in force, frozen when voting opens (settings edits after that change nothing).
  rules jsonb,
  opened_at timestamptz,
  closes_at timestamptz,
  closed_at timestamptz,
  -- Grows with every counted change; tallies carry it so clients keep the newest.
  version integer NOT NULL DEFAULT 0
);

CREATE TABLE vote_options (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES vote_sessions(activity_id) ON DELETE CASCADE,
  label text NOT NULL,
  source text NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'theme', 'note')),
  source_id uuid,
  position integer NOT NULL,
  removed_at timestamptz
);
CREATE INDEX vote_options_activity_idx ON vote_options (activity_id);

-- Participants whose own note an option came from (for "may vote for own note").
CREATE TABLE vote_option_authors (
  option_id uuid NOT NULL REFERENCES vote_options(id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  PRIMARY KEY (option_id, participant_id)
);

CREATE TABLE ballots (
  activity_id uuid NOT NULL REFERENCES vote_sessions(activity_id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  -- The group the person was in when they voted: the breakdown shows who decided.
  group_key text NOT NULL,
  ballot jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, participant_id)
);

-- Every vote command's id, so a resend is answered from here and counted once.
CREATE TABLE vote_ops (
  op_id uuid PRIMARY KEY,
  activity_id uuid NOT NULL,
  participant_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE paper_counts (
  activity_id uuid NOT NULL REFERENCES vote_sessions(activity_id) ON DELETE CASCADE,
  option_id uuid NOT NULL REFERENCES vote_options(id) ON DELETE CASCADE,
  group_key text NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  entered_by uuid NOT NULL REFERENCES facilitators(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, option_id, group_key)
);

CREATE TABLE commitments (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES vote_sessions(activity_id) ON DELETE CASCADE,
  option_id uuid NOT NULL REFERENCES vote_options(id),
  text text NOT NULL,
  who text NOT NULL,
  by_when text NOT NULL DEFAULT '',
  author_participant_id uuid REFERENCES participants(id) ON DELETE SET NULL,
  author_facilitator_id uuid REFERENCES facilitators(id),
  status text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden')),
  hidden_reason text,
  hidden_by uuid REFERENCES facilitators(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitments_activity_idx ON commitments (activity_id);
