package it.io.segmentindex;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

/** Rows written straight into PostgreSQL, as a server that died right after its commit would leave them. */
public final class Outbox {

    private Outbox() {
    }

    /**
     * What a disable's request transaction commits: the flip, the operation and its item, created five minutes
     * ago; {@code running} adds a lease of a dead server that ran out a minute ago.
     */
    public static void committedDisable(Connection db, String tenant, String ds, String doc, String segment,
                                        String op, String state) throws Exception {
        long version;
        try (PreparedStatement flip = db.prepareStatement("UPDATE document_segments SET enabled = false,"
                + " disabled_at = now(), disabled_by = 'it-user', version = version + 1 WHERE id = CAST(? AS uuid)"
                + " RETURNING version")) {
            flip.setString(1, segment);
            var rs = flip.executeQuery();
            rs.next();
            version = rs.getLong(1);
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO operations (id, tenant_id, dataset_id,"
                + " document_id, action, scope, state, requested_by, total, attempts, lease_owner, lease_until,"
                + " created_at, started_at) VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid),"
                + " CAST(? AS uuid), 'disable', 'segment', ?, 'it-user', 1, ?, ?, ?, now() - interval '5 minutes', ?)")) {
            boolean running = state.equals("running");
            insert.setString(1, op);
            insert.setString(2, tenant);
            insert.setString(3, ds);
            insert.setString(4, doc);
            insert.setString(5, state);
            insert.setInt(6, running ? 1 : 0);
            insert.setString(7, running ? "dead-server/" + UUID.randomUUID() : null);
            insert.setObject(8, running ? java.time.OffsetDateTime.now().minusMinutes(1) : null);
            insert.setObject(9, running ? java.time.OffsetDateTime.now().minusMinutes(2) : null);
            insert.executeUpdate();
        }
        try (PreparedStatement item = db.prepareStatement("INSERT INTO operation_items (operation_id, position,"
                + " target_id, state, segment_version) VALUES (CAST(? AS uuid), 0, ?, 'queued', ?)")) {
            item.setString(1, op);
            item.setString(2, segment);
            item.setLong(3, version);
            item.executeUpdate();
        }
    }
}
