package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;

/** One pooled Redis client for the application, with bounded timeouts so a dead Redis fails fast. */
@ApplicationScoped
public class RedisClientProducer {

    // A singleton, not a normal scope: UnifiedJedis has final methods, so CDI cannot proxy it.
    @Produces
    @Singleton
    UnifiedJedis redis(@ConfigProperty(name = "REDIS_URL") String url,
                       @ConfigProperty(name = "redis.timeout.ms") int timeoutMs,
                       @ConfigProperty(name = "redis.pool.max") int poolMax) {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .clientName("segment-index")
                .ssl("rediss".equals(uri.getScheme()));
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolMax);
        pool.setMaxIdle(poolMax);
        pool.setMinIdle(1);
        pool.setMaxWait(Duration.ofMillis(timeoutMs));
        pool.setTestWhileIdle(true);
        return RedisClient.builder()
                .hostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379)
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    void close(@Disposes UnifiedJedis redis) {
        redis.close();
    }
}
