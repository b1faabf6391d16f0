-- Facilitator text in several languages (LANG11): the language the facilitator writes the
-- workshop in, and its phrasebook, each original text by its exact words with its translation
-- per language. Workshops before this were written in English.
ALTER TABLE workshops
  ADD COLUMN language text NOT NULL DEFAULT 'en',
  ADD COLUMN translations jsonb NOT NULL DEFAULT '{}';
