-- Which phone gave a feedback address, in a form only that phone can use (SEC14): an HMAC of the
-- address keyed with the phone's device token. The database keeps only token hashes, so nothing
-- stored can recompute it, and a contact still cannot be joined to a participant (REC10). A
-- `replaces` from a phone removes only an address whose key its own token reproduces. Addresses
-- left before this column existed have none and can no longer be replaced.
ALTER TABLE feedback_contacts ADD COLUMN phone_key text;
