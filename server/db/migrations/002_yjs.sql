-- Yjs documents (one per idea board): an append-only log of updates, folded into a snapshot from
-- time to time. A document is the snapshot plus the updates after it (seq > up_to_seq).
CREATE TABLE yjs_updates (
  seq bigserial PRIMARY KEY,
  doc_name text NOT NULL,
  update bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX yjs_updates_doc_idx ON yjs_updates (doc_name, seq);

CREATE TABLE yjs_snapshots (
  doc_name text PRIMARY KEY,
  state bytea NOT NULL,
  -- The highest yjs_updates.seq folded into state; later rows are still to be applied.
  up_to_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
