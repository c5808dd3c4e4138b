package io.segmentindex.knowledge;

import java.util.List;

/** One page of a listing, numbered from 1 as Dify numbers them. */
public record Page<T>(List<T> data, long total, int page, int limit) {

    public boolean hasMore() {
        return (long) page * limit < total;
    }
}
