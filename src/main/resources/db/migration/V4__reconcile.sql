-- Reconcile and reindex runs are operations too, over a whole dataset, with a summary of what they found.
ALTER TABLE operations DROP CONSTRAINT operations_action_check;
ALTER TABLE operations ADD CONSTRAINT operations_action_check
    CHECK (action IN ('enable', 'disable', 'archive', 'un_archive', 'reconcile', 'reindex'));
ALTER TABLE operations DROP CONSTRAINT operations_scope_check;
ALTER TABLE operations ADD CONSTRAINT operations_scope_check
    CHECK (scope IN ('segment', 'batch', 'document', 'dataset'));
ALTER TABLE operations ADD COLUMN missing integer;
ALTER TABLE operations ADD COLUMN extra integer;
ALTER TABLE operations ADD COLUMN repaired integer;
