-- The console's mixing figures are computed from the seats as they stand (CAFE19), so late,
-- returning and moved seats count; the figures stored when a round was seated are not kept.
DROP TABLE IF EXISTS cafe_quality;

-- Paper ballots entered whole (a ranking, a points split, a set of approvals, dots), counted by
-- the same code as phone ballots and shown as paper (VOTE17). They name nobody: only the group
-- ticked on the sheet. The id is made by the console, so a resend is stored once.
CREATE TABLE paper_ballots (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES vote_sessions(activity_id) ON DELETE CASCADE,
  group_key text NOT NULL,
  ballot jsonb NOT NULL,
  entered_by uuid NOT NULL REFERENCES facilitators(id),
  entered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX paper_ballots_activity_idx ON paper_ballots (activity_id, entered_at);
