package io.segmentindex.knowledge;

import jakarta.persistence.AttributeConverter;

/** Stores a {@link WireValue} enum by its wire name, so the columns read like Dify's. */
abstract class WireValueConverter<E extends Enum<E> & WireValue> implements AttributeConverter<E, String> {

    private final Class<E> type;

    WireValueConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E attribute) {
        return attribute == null ? null : attribute.wire();
    }

    @Override
    public E convertToEntityAttribute(String dbData) {
        return dbData == null ? null : WireValue.parse(type, dbData)
                .orElseThrow(() -> new IllegalStateException("unknown " + type.getSimpleName() + " " + dbData));
    }
}
