-- A browser that joined a workshop before is the same participant when it joins again, even
-- after its stored token was lost: one device, one voice (VOTE8). Hash of the device cookie.
ALTER TABLE participants ADD COLUMN device_hash text;
CREATE UNIQUE INDEX participants_device_idx ON participants (workshop_id, device_hash);
