-- Timeline events and counting methods were stored as English sentences, which clients parsed
-- back to translate (LANG4). They now carry a code (and the activity title, or the method's
-- figure) beside the English, which stays for exports and for readers who do not translate.
ALTER TABLE workshop_events ADD COLUMN code text, ADD COLUMN title text;

UPDATE workshop_events SET
  code = CASE
    WHEN event = 'Workshop opened' THEN 'opened'
    WHEN event = 'Workshop closed' THEN 'closed'
    WHEN event = 'Back to the welcome screen' THEN 'welcome'
    WHEN event LIKE 'Started: %' THEN 'started'
  END,
  title = CASE WHEN event LIKE 'Started: %' THEN substr(event, 10) END;

-- Saved outcomes: the same codes on each timeline entry...
UPDATE record_snapshots s SET content = jsonb_set(s.content, '{timeline}', COALESCE((
  SELECT jsonb_agg(
    CASE
      WHEN e ? 'code' THEN e
      WHEN e->>'event' = 'Workshop opened' THEN e || '{"code": "opened"}'::jsonb
      WHEN e->>'event' = 'Workshop closed' THEN e || '{"code": "closed"}'::jsonb
      WHEN e->>'event' = 'Back to the welcome screen' THEN e || '{"code": "welcome"}'::jsonb
      WHEN e->>'event' LIKE 'Started: %'
        THEN e || jsonb_build_object('code', 'started', 'title', substr(e->>'event', 10))
      WHEN e->>'event' LIKE 'Voting opened: %'
        THEN e || jsonb_build_object('code', 'votingOpened', 'title', substr(e->>'event', 16))
      WHEN e->>'event' LIKE 'Voting closed: %'
        THEN e || jsonb_build_object('code', 'votingClosed', 'title', substr(e->>'event', 16))
      ELSE e
    END ORDER BY ord)
  FROM jsonb_array_elements(s.content->'timeline') WITH ORDINALITY AS t(e, ord)
), '[]'::jsonb))
WHERE jsonb_typeof(s.content->'timeline') = 'array';

-- ...and each vote's counting method as its kind and figure.
UPDATE record_snapshots s SET content = jsonb_set(s.content, '{activities}', (
  SELECT jsonb_agg(
    CASE WHEN c.counting IS NULL OR a ? 'counting' THEN a ELSE a || jsonb_build_object('counting', c.counting) END
    ORDER BY ord)
  FROM jsonb_array_elements(s.content->'activities') WITH ORDINALITY AS t(a, ord)
  CROSS JOIN LATERAL (SELECT CASE
      WHEN a->>'method' LIKE 'Dot vote:%' THEN '{"kind": "dot"}'::jsonb
      WHEN a->>'method' LIKE 'Single choice:%' THEN '{"kind": "single"}'::jsonb
      WHEN a->>'method' LIKE 'Approval vote:%' THEN '{"kind": "approval"}'::jsonb
      WHEN a->>'method' ~ '^Borda count over each person''s top [0-9]+:'
        THEN jsonb_build_object('kind', 'ranking',
          'rankTopK', (substring(a->>'method' from 'top ([0-9]+):'))::int)
      WHEN a->>'method' ~ '^Points: each person shares [0-9]+ points'
        THEN jsonb_build_object('kind', 'points',
          'pointsTotal', (substring(a->>'method' from 'shares ([0-9]+) points'))::int)
    END AS counting) c
))
WHERE jsonb_typeof(s.content->'activities') = 'array'
  AND jsonb_array_length(s.content->'activities') > 0;
