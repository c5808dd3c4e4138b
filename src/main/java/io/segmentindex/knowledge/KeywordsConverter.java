package io.segmentindex.knowledge;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.io.StringReader;
import java.util.List;

/** Keywords are stored as a JSON array, as in Dify. */
@Converter
public class KeywordsConverter implements AttributeConverter<List<String>, String> {

    // Json.createReader looks the provider up (a ServiceLoader scan) on every call; each segment read converts.
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public String convertToDatabaseColumn(List<String> keywords) {
        if (keywords == null) {
            return null;
        }
        JsonArrayBuilder array = JSON.createArrayBuilder();
        keywords.forEach(array::add);
        return array.build().toString();
    }

    @Override
    public List<String> convertToEntityAttribute(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }
}
