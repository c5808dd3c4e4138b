package io.segmentindex.platform;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A count for a gauge, read from the database at most every five seconds: scrapes come often, and from many. */
public final class CachedCount implements Supplier<Long> {

    private static final Logger LOG = Logger.getLogger(CachedCount.class.getName());
    private static final long TTL = TimeUnit.SECONDS.toNanos(5);

    private final String name;
    private final LongSupplier read;
    private volatile long value;
    private volatile long readAt;
    private volatile boolean fresh;

    public CachedCount(String name, LongSupplier read) {
        this.name = name;
        this.read = read;
    }

    @Override
    public Long get() {
        long now = System.nanoTime();
        if (!fresh || now - readAt > TTL) {
            try {
                value = read.getAsLong();
                readAt = now;
                fresh = true;
            } catch (RuntimeException e) {
                // The last value stays; readiness reports the database.
                LOG.log(Level.FINE, name + " unavailable", e);
            }
        }
        return value;
    }
}
