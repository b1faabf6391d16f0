-- Engagement records: the council's record of an engagement activity, its workshops, and an
-- immutable, versioned snapshot of each workshop's outcome. Contacts and equality answers live
-- in tables of their own with no participant id, so nothing joins them to contributions.

CREATE TABLE engagement_records (
  id uuid PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  title text NOT NULL,
  service text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  area text NOT NULL DEFAULT 'Borough-wide',
  level text NOT NULL CHECK (level IN ('inform', 'consult', 'decide_together', 'act_together', 'support_community')),
  can_influence text NOT NULL DEFAULT '',
  cannot_influence text NOT NULL DEFAULT '',
  starts_on date,
  ends_on date,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed', 'feedback_given')),
  location text NOT NULL DEFAULT '',
  summary text NOT NULL DEFAULT '',
  retention_months integer,
  feedback_published_at timestamptz,
  -- Opened by the app at a workshop's close; off the public calendar until a facilitator edits it.
  needs_details boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES facilitators(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Kept by the trigger below (a generated column cannot use array_to_string: not immutable).
  search tsvector NOT NULL DEFAULT ''::tsvector
);

CREATE FUNCTION engagement_records_search() RETURNS trigger AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('english', NEW.title), 'A') ||
    setweight(to_tsvector('english', NEW.service || ' ' || NEW.area || ' ' || array_to_string(NEW.tags, ' ')), 'B') ||
    setweight(to_tsvector('english', NEW.summary || ' ' || NEW.can_influence || ' ' || NEW.cannot_influence || ' ' || NEW.location), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER engagement_records_search_trg BEFORE INSERT OR UPDATE ON engagement_records
  FOR EACH ROW EXECUTE FUNCTION engagement_records_search();
CREATE INDEX engagement_records_search_idx ON engagement_records USING gin (search);
CREATE INDEX engagement_records_dates_idx ON engagement_records (starts_on);

-- A workshop belongs to at most one record.
CREATE TABLE record_workshops (
  record_id uuid NOT NULL REFERENCES engagement_records(id) ON DELETE CASCADE,
  workshop_id uuid NOT NULL UNIQUE REFERENCES workshops(id) ON DELETE CASCADE,
  PRIMARY KEY (record_id, workshop_id)
);

-- Immutable: rows are inserted, never updated, except that an erasure on request redacts a
-- person's contributions from them (REC14), which is logged in record_audit.
CREATE TABLE record_snapshots (
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  version integer NOT NULL,
  reason text NOT NULL CHECK (reason IN ('closed', 'manual')),
  taken_at timestamptz NOT NULL DEFAULT now(),
  taken_by uuid REFERENCES facilitators(id) ON DELETE SET NULL,
  content jsonb NOT NULL,
  -- Every word people contributed, for search across outcomes and its excerpts (REC7).
  search_text text NOT NULL DEFAULT '',
  search tsvector NOT NULL,
  PRIMARY KEY (workshop_id, version)
);
CREATE INDEX record_snapshots_search_idx ON record_snapshots USING gin (search);

-- "You said, we did": what happened to each outcome item.
CREATE TABLE record_responses (
  record_id uuid NOT NULL REFERENCES engagement_records(id) ON DELETE CASCADE,
  -- The theme, option, insight or commitment id in the outcome.
  item_id uuid NOT NULL,
  item_kind text NOT NULL CHECK (item_kind IN ('theme', 'option', 'insight', 'commitment', 'note')),
  item_label text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('adopted', 'partly_adopted', 'not_adopted', 'considering')),
  explanation text NOT NULL DEFAULT '',
  decided_on date NOT NULL,
  decided_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, item_id)
);

-- People who asked to be told what happened. No participant id, and only the day it was left:
-- a timestamp could be matched to a join time (REC10).
CREATE TABLE feedback_contacts (
  id uuid PRIMARY KEY,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  email text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  left_on date NOT NULL DEFAULT CURRENT_DATE,
  UNIQUE (workshop_id, email)
);

CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  -- Sending the same thing twice is refused by this key (REC11).
  dedupe_key text NOT NULL UNIQUE,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (status, next_attempt_at);

-- Optional "about you" answers; no participant id (REC12). The group is kept for the
-- residents / officers / partners breakdown.
CREATE TABLE equality_answers (
  id uuid PRIMARY KEY,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  group_key text NOT NULL,
  answers jsonb NOT NULL,
  left_on date NOT NULL DEFAULT CURRENT_DATE
);
CREATE INDEX equality_answers_workshop_idx ON equality_answers (workshop_id);

-- The borough's reference profile, entered by an administrator (seeded from the census).
CREATE TABLE reference_profile (
  question text NOT NULL,
  answer text NOT NULL,
  share numeric NOT NULL CHECK (share >= 0 AND share <= 1),
  source text NOT NULL DEFAULT '',
  PRIMARY KEY (question, answer)
);

CREATE TABLE record_audit (
  id serial PRIMARY KEY,
  record_id uuid REFERENCES engagement_records(id) ON DELETE SET NULL,
  workshop_id uuid,
  facilitator_id uuid REFERENCES facilitators(id) ON DELETE SET NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_audit_record_idx ON record_audit (record_id, id);

-- What happened when, for the record's timeline.
CREATE TABLE workshop_events (
  id serial PRIMARY KEY,
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL
);
CREATE INDEX workshop_events_workshop_idx ON workshop_events (workshop_id, id);
