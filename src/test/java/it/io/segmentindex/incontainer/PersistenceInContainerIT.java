package it.io.segmentindex.incontainer;

import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.toggle.RoundQueries;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persistence layer as the server configures it: a statement PostgreSQL refuses for its data fails at once
 * (EclipseLink used to treat the refusal as a lost connection and retry it twice, five seconds apart), and every
 * statement runs under the data source's statement timeout, without JIT; no index of segments leads with the tenant;
 * and the round's reads of operation items do not depend on the table having been analysed.
 */
@ExtendWith(ArquillianExtension.class)
class PersistenceInContainerIT {

    @Inject
    DatasetRepository datasets;

    @Inject
    UserTransaction transaction;

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void aStatementRefusedForItsDataIsNotRetried() throws Exception {
        transaction.begin();
        long start = System.nanoTime();
        try {
            PersistenceException refused = assertThrows(PersistenceException.class,
                    () -> datasets.nameTaken(UUID.randomUUID().toString(), "a\u0000b"));
            assertTrue(String.valueOf(refused.getMessage()).contains("0x00"), refused::getMessage);
        } finally {
            transaction.rollback();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 1000, "refused once, at once: " + ms + " ms");
        // The pooled connection is still good for the next transaction.
        transaction.begin();
        try {
            assertTrue(!datasets.nameTaken(UUID.randomUUID().toString(), "ab"));
        } finally {
            transaction.rollback();
        }
    }

    /** Every statement runs under the data source's statement timeout, and none is compiled by PostgreSQL's JIT. */
    @Test
    void everyStatementRunsUnderTheStatementTimeoutAndWithoutJit() throws Exception {
        DataSource dataSource = (DataSource) new InitialContext().lookup("jdbc/segments");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('statement_timeout'), current_setting('jit')")) {
            r.next();
            assertEquals("10s", r.getString(1));
            assertEquals("off", r.getString(2));
        }
    }

    /**
     * The statements that read a round's operation items, and the backlog gauge's, find them by each operation's
     * key even on a table never analysed (as where autovacuum is off): planned as joins, they scanned every item
     * ever recorded, a second per round after a few minutes of load. A temporary table of the same name, which
     * autovacuum never analyses, stands in for the items here.
     */
    @Test
    void roundStatementsReadItemsByKeyOnATableNeverAnalysed() throws Exception {
        rolledBack((c, s) -> {
            s.execute("CREATE TEMP TABLE operation_items (LIKE public.operation_items INCLUDING ALL) ON COMMIT DROP");
            s.execute("INSERT INTO operation_items (operation_id, position, target_id, state, attempts)"
                    + " SELECT gen_random_uuid(), 0, gen_random_uuid()::text, 'succeeded', 1"
                    + " FROM generate_series(1, 60000)");
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT operation_id::text FROM operation_items LIMIT 100")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            String array = "{" + String.join(",", ids) + "}";
            OffsetDateTime now = OffsetDateTime.now();
            String positions = arrayOf(ids.size(), "0");
            String states = arrayOf(ids.size(), "succeeded");
            String nulls = arrayOf(ids.size(), "NULL");
            String ones = arrayOf(ids.size(), "1");
            assertReadsByKey(c, OperationRepository.END_BY_TALLY, array, now);
            assertReadsByKey(c, RoundQueries.claimSql(false), array, 500, 5, 500, "owner", now, now);
            assertReadsByKey(c, RoundQueries.END_ROUND, now, array, positions, states, nulls, nulls, ones, ones,
                    array, now, "{}", "{}");
            assertReadsByKey(c, OperationRepository.BACKLOG);
        });
    }

    /**
     * A call's items are ended one by one by their key, whatever the statistics say: taken while nothing was queued,
     * they made the planner expect one queued item, scan the table for it and compare every queued item with every
     * item of the call.
     */
    @Test
    void itemEndsFindEachItemByKeyWhenStatisticsSayNothingIsQueued() throws Exception {
        rolledBack((c, s) -> {
            s.execute("CREATE TEMP TABLE operation_items (LIKE public.operation_items INCLUDING ALL) ON COMMIT DROP");
            s.execute("INSERT INTO operation_items (operation_id, position, target_id, state, attempts)"
                    + " SELECT gen_random_uuid(), 0, gen_random_uuid()::text, 'succeeded', 1"
                    + " FROM generate_series(1, 25000)");
            s.execute("ANALYZE operation_items");
            String batch = UUID.randomUUID().toString();
            s.execute("INSERT INTO operation_items (operation_id, position, target_id, state, attempts)"
                    + " SELECT '" + batch + "', g, gen_random_uuid()::text, 'queued', 0"
                    + " FROM generate_series(0, 4999) g");
            String ops = arrayOf(500, batch);
            String positions = "{" + String.join(",", IntStream.range(0, 500)
                    .mapToObj(String::valueOf).toList()) + "}";
            String states = arrayOf(500, "succeeded");
            String nulls = arrayOf(500, "NULL");
            String ones = arrayOf(500, "1");
            assertReadsByKey(c, OperationRepository.END_ITEMS, OffsetDateTime.now(), ops, positions, states, nulls,
                    nulls, ones, ones);
        });
    }

    /**
     * A round that looks only for its own operations finds them by key, even in the generic plan PostgreSQL
     * settles on for a prepared statement, and even when the partial index of unfinished operations looks small
     * (as on a table never analysed): combined with that index, the claim read every entry it ever had.
     */
    @Test
    void aRoundLooksUpItsOwnOperationsByKey() throws Exception {
        rolledBack((c, s) -> {
            s.execute("CREATE TEMP TABLE operations (LIKE public.operations INCLUDING ALL) ON COMMIT DROP");
            s.execute("INSERT INTO operations (id, tenant_id, dataset_id, action, scope, state, requested_by,"
                    + " total, attempts, created_at) SELECT gen_random_uuid(), gen_random_uuid(),"
                    + " gen_random_uuid(), 'disable', 'segment', CASE WHEN g % 100 = 0 THEN 'queued'"
                    + " ELSE 'succeeded' END, 'admin', 1, 1, now() FROM generate_series(1, 60000) g");
            s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            String sql = RoundQueries.claimSql(false);
            int n = 0;
            StringBuilder numbered = new StringBuilder();
            for (char ch : sql.toCharArray()) {
                numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
            }
            s.execute("PREPARE own AS " + numbered);
            String plan;
            try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE own('{" + UUID.randomUUID() + "}', 500, 5, 500,"
                    + " 'owner', now(), now())")) {
                plan = text(r);
            } finally {
                s.execute("DEALLOCATE own"); // a prepared statement outlives the transaction
            }
            assertTrue(plan.contains("Index Scan using operations_pkey"), plan);
            assertTrue(!plan.contains("operations_created_at_idx"), plan);
            assertTrue(!plan.contains("operations_unfinished_idx"), plan);
            assertTrue(!plan.contains("Seq Scan on operations"), plan);
        });
    }

    @FunctionalInterface
    private interface ConnectionWork {
        void run(Connection c, Statement s) throws Exception;
    }

    /** In one transaction, rolled back: temporary tables made in it hide the application's, and go with it. */
    private static void rolledBack(ConnectionWork work) throws Exception {
        DataSource dataSource = (DataSource) new InitialContext().lookup("jdbc/segments");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                work.run(c, s);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** A PostgreSQL array literal of {@code n} copies of {@code element}. */
    private static String arrayOf(int n, String element) {
        return "{" + String.join(",", Collections.nCopies(n, element)) + "}";
    }

    private static String text(ResultSet rows) throws Exception {
        StringBuilder out = new StringBuilder();
        while (rows.next()) {
            out.append(rows.getString(1)).append('\n');
        }
        return out.toString();
    }

    private static void assertReadsByKey(Connection c, String sql, Object... parameters) throws Exception {
        String plan;
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = explain.executeQuery()) {
                plan = text(r);
            }
        }
        assertTrue(plan.contains("operation_items_pkey"), plan);
        assertTrue(!plan.contains("Seq Scan on operation_items"), plan);
    }

    /**
     * Every query of segments also names a segment, document or dataset. An index on the tenant alone served none,
     * and on tables not yet analysed the planner took it for a round's claim (15 s against 63 ms by the key).
     */
    @Test
    void noIndexOfSegmentsLeadsWithTheTenant() throws Exception {
        DataSource dataSource = (DataSource) new InitialContext().lookup("jdbc/segments");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT i.relname, a.attname FROM pg_index x"
                     + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid"
                     + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]"
                     + " WHERE t.relname = 'document_segments'")) {
            int indexes = 0;
            while (r.next()) {
                indexes++;
                assertTrue(!r.getString(2).equals("tenant_id"), "index " + r.getString(1) + " leads with tenant_id");
            }
            assertTrue(indexes >= 5, "the segment indexes were read: " + indexes);
        }
    }
}
