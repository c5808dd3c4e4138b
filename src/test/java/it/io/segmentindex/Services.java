package it.io.segmentindex;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Direct connections to the PostgreSQL and Redis the server uses, for checks and fault set-ups that must not
 * go through the API. Same coordinates as the server: environment variables, else the embedded services.
 */
public final class Services {

    private Services() {
    }

    public static Connection db() throws SQLException {
        String host = env("DB_HOST", "localhost");
        String port = env("DB_PORT", System.getProperty("devservices.postgres.port", "54329"));
        String name = env("DB_NAME", "segments");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + name,
                env("DB_USER", "postgres"), env("DB_PASSWORD", ""));
    }

    /** The server's PostgreSQL, in its maintenance database: for faults that lock the service's database out. */
    public static Connection adminDb() throws SQLException {
        String host = env("DB_HOST", "localhost");
        String port = env("DB_PORT", System.getProperty("devservices.postgres.port", "54329"));
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                env("DB_USER", "postgres"), env("DB_PASSWORD", ""));
    }

    public static UnifiedJedis redis() {
        String url = env("REDIS_URL", "redis://127.0.0.1:" + System.getProperty("devservices.redis.port", "63799"));
        return RedisClient.create(URI.create(url));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
