package io.segmentindex.operations;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The {@link OperationHandler} of each kind of operation, as the beans of the kind packages declare them. */
@ApplicationScoped
class OperationHandlers {

    @Inject
    @Any
    Instance<OperationHandler> handlers;

    private Map<OperationKind, OperationHandler> byKind;

    @PostConstruct
    void index() {
        Map<OperationKind, OperationHandler> found = new EnumMap<>(OperationKind.class);
        for (OperationHandler handler : handlers) {
            for (OperationKind kind : handler.kinds()) {
                if (found.putIfAbsent(kind, handler) != null) {
                    throw new IllegalStateException("Two handlers for operations of kind " + kind.wire());
                }
            }
        }
        byKind = Collections.unmodifiableMap(found);
    }

    /** The handler of this kind; an {@link IllegalStateException} if none is deployed. */
    OperationHandler of(OperationKind kind) {
        OperationHandler handler = byKind.get(kind);
        if (handler == null) {
            throw new IllegalStateException("No handler for operations of kind " + kind.wire());
        }
        return handler;
    }

    /** The handlers of the kinds that run in rounds, each once. */
    List<OperationHandler> ofRounds() {
        LinkedHashSet<OperationHandler> out = new LinkedHashSet<>();
        byKind.forEach((kind, handler) -> {
            if (kind.runsInRounds()) {
                out.add(handler);
            }
        });
        return List.copyOf(out);
    }
}
