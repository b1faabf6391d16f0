-- Facilitator accounts. Email is stored lower-cased; uniqueness is on that form.
CREATE TABLE facilitators (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Sessions are looked up by a hash of the cookie value, so a database leak yields no live cookie.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  facilitator_id uuid NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE invites (
  token_hash text PRIMARY KEY,
  created_by uuid NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by uuid REFERENCES facilitators(id)
);

-- One row per instance-wide setting (the generated set-up token's hash, while set-up is pending).
CREATE TABLE instance_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE workshops (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  purpose text NOT NULL DEFAULT '',
  starts_at text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  -- Assigned when first opened and kept after closing, so late joiners learn it has closed.
  join_code text UNIQUE,
  current_activity_id uuid,
  groups jsonb NOT NULL,
  -- Grows with every change anyone in the room can see; clients keep the highest they have.
  rev integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES facilitators(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  closed_at timestamptz
);

CREATE TABLE activities (
  id uuid PRIMARY KEY,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('idea_board', 'dot_vote', 'world_cafe', 'congress_vote')),
  title text NOT NULL,
  prompt text NOT NULL DEFAULT '',
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE INDEX activities_workshop_idx ON activities (workshop_id, position);

ALTER TABLE workshops
  ADD CONSTRAINT workshops_current_activity_fk
  FOREIGN KEY (current_activity_id) REFERENCES activities(id);

-- A participant is a device in one workshop, known by a hash of its device token.
CREATE TABLE participants (
  id uuid PRIMARY KEY,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  display_name text NOT NULL DEFAULT '',
  group_key text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  joined_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participants_workshop_idx ON participants (workshop_id);
