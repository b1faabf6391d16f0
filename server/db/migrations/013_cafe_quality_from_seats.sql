-- The console's mixing figures are computed from the seats as they stand (CAFE19), so late,
-- returning and moved seats count; the figures stored when a round was seated are not kept.
DROP TABLE IF EXISTS cafe_quality;
