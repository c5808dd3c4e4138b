package io.segmentindex.knowledge;

import java.util.Arrays;
import java.util.Optional;

/** An enum whose constants have a lowercase name on the wire and in the database, as Dify spells them. */
public interface WireValue {

    String wire();

    static <E extends Enum<E> & WireValue> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(value)).findFirst();
    }

    static <E extends Enum<E> & WireValue> String allowed(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(WireValue::wire).toList());
    }
}
