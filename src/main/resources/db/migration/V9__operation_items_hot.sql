-- An item is written once (queued) and ended once. Free room on each page lets its end be a HOT update, which
-- adds no index entry; that needs an end to change no indexed column, so the partial index on state goes (an
-- operation's items are found by the primary key, and the few queued among them filtered there).
DROP INDEX operation_items_queued_idx;
ALTER TABLE operation_items SET (fillfactor = 50);
