package io.segmentindex.platform.health;

import io.segmentindex.platform.DatabaseMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema is migrated: before that, nothing the service does can succeed. */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    @Inject
    DatabaseMigrations migrations;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("schema").status(migrations.isMigrated()).build();
    }
}
