package io.segmentindex.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.UnifiedJedis;

/**
 * Ready only while Redis answers a keyspace read, which is what toggles need (PING can be answered by a Redis
 * that serves no commands, e.g. while clients are paused). The client's timeouts bound the wait.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    UnifiedJedis redis;

    @Override
    public HealthCheckResponse call() {
        try {
            redis.exists("segment-index:readiness");
            return HealthCheckResponse.named("redis").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("redis").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
