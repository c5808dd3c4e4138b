package io.segmentindex.api;

import io.segmentindex.platform.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads request bodies strictly: one JSON value and nothing after it, and every known field of the declared
 * JSON type (JSON-B alone would turn {@code 123} into {@code "123"} and ignore trailing garbage). Unknown
 * fields are ignored, as Dify's clients may send more than this service reads.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<Object> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getEnclosingClass() == Requests.class || type.getEnclosingClass() == IndexFaultsResource.class;
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) {
        JsonValue value;
        try (JsonParser parser = Json.createParser(body)) {
            if (!parser.hasNext()) {
                throw invalid("A JSON body is required.");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw invalid("Unexpected content after the JSON value.");
            }
        } catch (JsonParsingException e) {
            throw invalid("The request body is not valid JSON (line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ").");
        } catch (jakarta.json.JsonException e) {
            throw invalid("The request body is not valid JSON.");
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        check(value, type, "body");
        return JSONB.fromJson(value.toString(), type);
    }

    private static void check(JsonValue value, Type type, String where) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        boolean ok = switch (value.getValueType()) {
            case STRING -> raw == String.class;
            case NUMBER -> raw == Double.class || (raw == Integer.class
                    && ((jakarta.json.JsonNumber) value).isIntegral()
                    && ((jakarta.json.JsonNumber) value).bigDecimalValue().abs().compareTo(
                    java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0);
            case TRUE, FALSE -> raw == Boolean.class;
            case ARRAY -> List.class.isAssignableFrom(raw);
            case OBJECT -> !raw.isPrimitive() && raw.getEnclosingClass() != null;
            default -> false;
        };
        if (!ok) {
            throw invalid(where + " must be " + describe(raw) + ".");
        }
        if (value instanceof JsonArray array) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), element, where + "[" + i + "]");
            }
        } else if (value instanceof JsonObject object) {
            for (Field f : raw.getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String name = snake(f.getName());
                if (object.containsKey(name)) {
                    check(object.get(name), f.getGenericType(), where.equals("body") ? name : where + "." + name);
                }
            }
        }
    }

    private static String describe(Class<?> raw) {
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Integer.class) {
            return "an integer";
        }
        if (raw == Double.class) {
            return "a number";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        return List.class.isAssignableFrom(raw) ? "an array" : "an object";
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static Problem invalid(String message) {
        return new Problem(Problem.Kind.INVALID, "invalid_json", message);
    }
}
