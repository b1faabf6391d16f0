-- Facilitator accounts that can be managed (AUTH6-AUTH9): roles, removal, password resets and an
-- audit of every change to an account.

-- An owner manages accounts; a facilitator plans and runs workshops. The first account of an
-- instance (the one set-up made) becomes its owner.
ALTER TABLE facilitators ADD COLUMN role text NOT NULL DEFAULT 'facilitator'
  CHECK (role IN ('owner', 'facilitator'));
UPDATE facilitators SET role = 'owner'
  WHERE id = (SELECT id FROM facilitators ORDER BY created_at, id LIMIT 1);

-- A removed colleague's row stays, so the workshops and records they made keep their author; the
-- address is freed so they can be invited again later.
ALTER TABLE facilitators ADD COLUMN removed_at timestamptz;
ALTER TABLE facilitators ADD COLUMN password_changed_at timestamptz;

-- One-time links to set a new password, issued by an owner. Stored as hashes, like sessions.
CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  facilitator_id uuid NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
  created_by uuid NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE account_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- Who did it: null when nobody was signed in (set-up, an invite accepted, a reset link used).
  actor_id uuid REFERENCES facilitators(id),
  subject_id uuid REFERENCES facilitators(id),
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX account_audit_at_idx ON account_audit (at DESC);
