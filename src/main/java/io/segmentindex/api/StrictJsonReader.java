package io.segmentindex.api;

import io.segmentindex.knowledge.StorableText;
import io.segmentindex.platform.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies strictly: UTF-8, one JSON value and nothing after it, only the fields of the declared type,
 * each of its JSON type (JSON-B alone would turn {@code 123} into {@code "123"}, ignore trailing garbage and drop a
 * misspelt field silently), and every string kept exactly as sent ({@link StorableText}).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<Object> {

    private static final String INVALID_UTF8 = "\uDFFF";
    // Json.createParser looks the provider up (a ServiceLoader scan) on every call, i.e. on every request.
    private static final JsonProvider JSON = JsonProvider.provider();


    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getEnclosingClass() == Requests.class;
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) {
        JsonValue value;
        try (JsonParser parser = JSON.createParser(new InputStreamReader(body, utf8()))) {
            if (!parser.hasNext()) {
                throw invalid("A JSON body is required.");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw invalid("Unexpected content after the JSON value.");
            }
        } catch (JsonException e) {
            if (UnexpectedErrorMapper.find(e, RequestTooLargeException.class) != null) {
                throw new Problem(Problem.Kind.TOO_LARGE, RequestLimitsFilter.TOO_LARGE,
                        UnexpectedErrorMapper.find(e, RequestTooLargeException.class).getMessage());
            }
            if (e instanceof JsonParsingException parsing && parsing.getLocation() != null) {
                throw invalid("The request body is not valid JSON (line " + parsing.getLocation().getLineNumber()
                        + ", column " + parsing.getLocation().getColumnNumber() + ").");
            }
            throw invalid("The request body is not valid JSON.");
        }
        return bind(value, type, "body");
    }

    /** The value as an instance of the type, checked on the way: one pass, no second parse by JSON-B. */
    private static Object bind(JsonValue value, Type type, String where) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (value instanceof JsonString text) {
            StorableText.flaw(text.getString()).ifPresent(flaw -> {
                throw Problem.invalidText(where, flaw);
            });
        }
        Object bound = switch (value.getValueType()) {
            case STRING -> raw == String.class ? ((JsonString) value).getString() : null;
            case NUMBER -> number((JsonNumber) value, raw);
            case TRUE, FALSE -> raw == Boolean.class ? value.getValueType() == JsonValue.ValueType.TRUE : null;
            case ARRAY -> List.class.isAssignableFrom(raw) ? list((JsonArray) value, type, where) : null;
            case OBJECT -> !raw.isPrimitive() && raw.getEnclosingClass() != null
                    ? object((JsonObject) value, raw, where) : null;
            default -> null;
        };
        if (bound == null) {
            throw invalid(where + " must be " + describe(raw) + ".");
        }
        return bound;
    }

    private static Object number(JsonNumber number, Class<?> raw) {
        if (raw == Double.class) {
            return number.doubleValue();
        }
        boolean fits = number.isIntegral()
                && number.bigDecimalValue().abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        return raw == Integer.class && fits ? number.intValue() : null;
    }

    private static List<Object> list(JsonArray array, Type type, String where) {
        Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
        List<Object> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(bind(array.get(i), element, where + "[" + i + "]"));
        }
        return out;
    }

    private static Object object(JsonObject object, Class<?> raw, String where) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Field f : raw.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(snake(f.getName()), f);
            }
        }
        try {
            Object out = raw.getDeclaredConstructor().newInstance();
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                String name = member.getKey();
                Field f = fields.get(name);
                if (f == null) {
                    throw new Problem(Problem.Kind.INVALID, "unknown_field", "Unknown field " + quoted(name)
                            + (where.equals("body") ? "" : " in " + where) + "; the fields are: "
                            + String.join(", ", fields.keySet()) + ".");
                }
                String path = where.equals("body") ? name : where + "." + name;
                f.set(out, bind(member.getValue(), f.getGenericType(), path));
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("request type " + raw.getName() + " cannot be built", e);
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

    /** A field name as JSON would write it, cut short: it is the caller's text, echoed in a message. */
    private static String quoted(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        StorableText.flaw(shown).ifPresent(flaw -> {
            throw Problem.invalidText("A field name", flaw);
        });
        return JSON.createValue(shown).toString();
    }

    /**
     * Strict UTF-8: an invalid byte sequence becomes an unpaired surrogate, which no valid UTF-8 decodes to, so the
     * string check names the field that held it instead of the text silently gaining U+FFFD.
     */
    private static CharsetDecoder utf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(INVALID_UTF8);
    }

    private static Problem invalid(String message) {
        return new Problem(Problem.Kind.INVALID, "invalid_json", message);
    }
}
