-- Documents are switched on and off, archived and restored as operations too; an item then names a document.
ALTER TABLE operations DROP CONSTRAINT operations_action_check;
ALTER TABLE operations ADD CONSTRAINT operations_action_check
    CHECK (action IN ('enable', 'disable', 'archive', 'un_archive'));
ALTER TABLE operations DROP CONSTRAINT operations_scope_check;
ALTER TABLE operations ADD CONSTRAINT operations_scope_check CHECK (scope IN ('segment', 'batch', 'document'));
ALTER TABLE operation_items RENAME COLUMN segment_id TO target_id;

-- The persistence layer may write rows of one transaction in any order: check references at commit.
ALTER TABLE documents ALTER CONSTRAINT documents_dataset_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE document_segments ALTER CONSTRAINT document_segments_dataset_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE document_segments ALTER CONSTRAINT document_segments_document_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE child_chunks ALTER CONSTRAINT child_chunks_dataset_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE child_chunks ALTER CONSTRAINT child_chunks_document_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE child_chunks ALTER CONSTRAINT child_chunks_segment_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE operation_items ALTER CONSTRAINT operation_items_operation_id_fkey DEFERRABLE INITIALLY DEFERRED;
