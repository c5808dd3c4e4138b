package io.segmentindex.knowledge;

import java.util.List;
import java.util.function.Function;

/** One page of a listing, numbered from 1 as Dify numbers them. */
public record Page<T>(List<T> data, long total, int page, int limit) {

    public boolean hasMore() {
        return (long) page * limit < total;
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(data.stream().map(f).toList(), total, page, limit);
    }

    public int offset() {
        return (page - 1) * limit;
    }
}
