package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * A transaction around a piece of work, for a bean that calls its own method: such a call bypasses the bean's
 * interceptors, so an {@link InTransaction} on the method itself would silently do nothing.
 */
@ApplicationScoped
public class Transactions {

    @InTransaction
    public <T> T call(Supplier<T> work) {
        return work.get();
    }
}
