-- Documents are switched on and off, archived and restored as operations too; an item then names a document.
ALTER TABLE operations DROP CONSTRAINT operations_action_check;
ALTER TABLE operations ADD CONSTRAINT operations_action_check
    CHECK (action IN ('enable', 'disable', 'archive', 'un_archive'));
ALTER TABLE operations DROP CONSTRAINT operations_scope_check;
ALTER TABLE operations ADD CONSTRAINT operations_scope_check CHECK (scope IN ('segment', 'batch', 'document'));
ALTER TABLE operation_items RENAME COLUMN segment_id TO target_id;
