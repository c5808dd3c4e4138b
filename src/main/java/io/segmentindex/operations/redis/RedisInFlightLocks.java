package io.segmentindex.operations.redis;

import io.segmentindex.operations.InFlightLocks;
import io.segmentindex.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Dify's key names, set with NX and a TTL, released by compare-and-delete so nobody frees another's key. */
@ApplicationScoped
public class RedisInFlightLocks implements InFlightLocks {

    private static final String RELEASE_IF_OWNER =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    // One round trip for the single-segment request: the document check and the segment's SET NX, atomically.
    private static final String TAKE_UNLESS_DOCUMENT_BUSY =
            "if redis.call('exists', KEYS[1]) == 1 then return -1 end "
                    + "if redis.call('set', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 1 end return 0";

    @Inject
    UnifiedJedis redis;

    @Inject
    @ConfigProperty(name = "toggle.inflight-ttl-seconds")
    long ttlSeconds;

    static String segmentKey(String segmentId) {
        return "segment_" + segmentId + "_indexing";
    }

    static String documentKey(String documentId) {
        return "document_" + documentId + "_indexing";
    }

    @Override
    public Set<String> acquireSegments(Collection<String> segmentIds, String operationId) {
        return acquire(segmentIds, RedisInFlightLocks::segmentKey, operationId);
    }

    @Override
    public Take acquireSegment(String documentId, String segmentId, String operationId) {
        try {
            return take(redis.eval(TAKE_UNLESS_DOCUMENT_BUSY, List.of(documentKey(documentId),
                    segmentKey(segmentId)), List.of(operationId, Long.toString(ttlSeconds))));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Take> acquireEach(List<SegmentTake> takes) {
        if (takes.isEmpty()) {
            return List.of();
        }
        try (AbstractPipeline pipe = redis.pipelined()) {
            List<Response<Object>> replies = new ArrayList<>(takes.size());
            for (SegmentTake t : takes) {
                replies.add(pipe.eval(TAKE_UNLESS_DOCUMENT_BUSY, List.of(documentKey(t.documentId()),
                        segmentKey(t.segmentId())), List.of(t.operationId(), Long.toString(ttlSeconds))));
            }
            pipe.sync();
            return replies.stream().map(r -> take(r.get())).toList();
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private static Take take(Object reply) {
        long code = ((Number) reply).longValue();
        return code < 0 ? Take.DOCUMENT_BUSY : code == 1 ? Take.TAKEN : Take.SEGMENT_BUSY;
    }

    @Override
    public void releaseSegments(Collection<String> segmentIds, String operationId) {
        release(segmentIds, RedisInFlightLocks::segmentKey, operationId);
    }

    @Override
    public void releaseSegments(Map<String, ? extends Collection<String>> segmentIdsByOperation) {
        if (segmentIdsByOperation.values().stream().allMatch(Collection::isEmpty)) {
            return;
        }
        try (AbstractPipeline pipe = redis.pipelined()) {
            segmentIdsByOperation.forEach((operationId, ids) -> ids.forEach(id ->
                    pipe.eval(RELEASE_IF_OWNER, List.of(segmentKey(id)), List.of(operationId))));
            pipe.sync();
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Set<String> acquireDocuments(Collection<String> documentIds, String operationId) {
        return acquire(documentIds, RedisInFlightLocks::documentKey, operationId);
    }

    @Override
    public void releaseDocuments(Collection<String> documentIds, String operationId) {
        release(documentIds, RedisInFlightLocks::documentKey, operationId);
    }

    private Set<String> acquire(Collection<String> idsToTake, Function<String, String> key, String operationId) {
        if (idsToTake.isEmpty()) {
            return Set.of();
        }
        try (AbstractPipeline pipe = redis.pipelined()) {
            List<String> ids = new ArrayList<>(idsToTake);
            List<Response<String>> replies = new ArrayList<>(ids.size());
            SetParams nx = SetParams.setParams().nx().ex(ttlSeconds);
            for (String id : ids) {
                replies.add(pipe.set(key.apply(id), operationId, nx));
            }
            pipe.sync();
            Set<String> taken = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                if ("OK".equals(replies.get(i).get())) {
                    taken.add(ids.get(i));
                }
            }
            return taken;
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private void release(Collection<String> ids, Function<String, String> key, String operationId) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            releaseOnce(ids, key, operationId);
        } catch (JedisConnectionException brokenConnection) {
            // A pooled connection that Redis dropped fails once and is discarded; compare-and-delete is
            // idempotent, so a second try on a fresh connection is safe.
            try {
                releaseOnce(ids, key, operationId);
            } catch (JedisException e) {
                throw unavailable(e);
            }
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private void releaseOnce(Collection<String> ids, Function<String, String> key, String operationId) {
        try (AbstractPipeline pipe = redis.pipelined()) {
            for (String id : ids) {
                pipe.eval(RELEASE_IF_OWNER, List.of(key.apply(id)), List.of(operationId));
            }
            pipe.sync();
        }
    }

    @Override
    public List<Marker> markers(Scope scope, Collection<String> targetIds) {
        Function<String, String> key = scope == Scope.SEGMENT ? RedisInFlightLocks::segmentKey
                : RedisInFlightLocks::documentKey;
        List<String> ids = new ArrayList<>(targetIds);
        return read(ids.stream().map(key).toList(), ids, scope);
    }

    @Override
    public List<Marker> scan(int max) {
        List<Marker> found = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            String pattern = scope == Scope.SEGMENT ? "segment_*_indexing" : "document_*_indexing";
            List<String> keys = new ArrayList<>();
            try {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
                    keys.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && keys.size() < max);
            } catch (JedisException e) {
                throw unavailable(e);
            }
            List<String> ids = keys.stream().map(k -> k.substring(k.indexOf('_') + 1, k.lastIndexOf('_'))).toList();
            found.addAll(read(keys, ids, scope));
        }
        return found;
    }

    /** Holder and age of each key, in one round trip; a key that expired meanwhile is left out. */
    private List<Marker> read(List<String> keys, List<String> ids, Scope scope) {
        if (keys.isEmpty()) {
            return List.of();
        }
        try (AbstractPipeline pipe = redis.pipelined()) {
            List<Response<String>> holders = new ArrayList<>(keys.size());
            List<Response<Long>> ttls = new ArrayList<>(keys.size());
            for (String key : keys) {
                holders.add(pipe.get(key));
                ttls.add(pipe.ttl(key));
            }
            pipe.sync();
            List<Marker> out = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String holder = holders.get(i).get();
                if (holder != null) {
                    long ttl = ttls.get(i).get();
                    out.add(new Marker(scope, ids.get(i), holder, ttl < 0 ? 0 : Math.max(0, ttlSeconds - ttl)));
                }
            }
            return out;
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void remove(Collection<Marker> markers) {
        if (markers.isEmpty()) {
            return;
        }
        try (AbstractPipeline pipe = redis.pipelined()) {
            for (Marker m : markers) {
                String key = m.scope() == Scope.SEGMENT ? segmentKey(m.targetId()) : documentKey(m.targetId());
                pipe.eval(RELEASE_IF_OWNER, List.of(key), List.of(m.operationId()));
            }
            pipe.sync();
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean documentBusy(String documentId) {
        try {
            return redis.exists(documentKey(documentId));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private static Problem unavailable(JedisException e) {
        return new Problem(Problem.Kind.UNAVAILABLE, "dependency_unavailable",
                "Redis is unavailable; nothing was changed. Try again.");
    }
}
