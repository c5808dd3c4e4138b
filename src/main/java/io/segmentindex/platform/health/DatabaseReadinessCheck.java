package io.segmentindex.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;

/** Ready only while PostgreSQL answers within two seconds through the pool. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Inject
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection c = dataSource.getConnection()) {
            return HealthCheckResponse.named("postgresql").status(c.isValid(2)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
