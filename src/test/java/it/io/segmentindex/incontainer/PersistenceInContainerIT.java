package it.io.segmentindex.incontainer;

import io.segmentindex.knowledge.DatasetRepository;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persistence layer as the server configures it: a statement PostgreSQL refuses for its data fails at once
 * (EclipseLink used to treat the refusal as a lost connection and retry it twice, five seconds apart), and every
 * statement runs under the data source's statement timeout; and no index of segments leads with the tenant.
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

    @Test
    void everyStatementRunsUnderTheStatementTimeout() throws Exception {
        DataSource dataSource = (DataSource) new InitialContext().lookup("jdbc/segments");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW statement_timeout")) {
            r.next();
            assertEquals("10s", r.getString(1));
        }
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
