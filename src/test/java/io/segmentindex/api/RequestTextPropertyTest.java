package io.segmentindex.api;

import io.segmentindex.ingestion.NewDocument;
import io.segmentindex.knowledge.StorableText;
import io.segmentindex.platform.Problem;
import io.segmentindex.testing.HostileText;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every text field of every request body, with generated hostile text: the request is either taken with the text
 * exactly as sent, or refused with a 4xx that names the field. Never a changed text, never an unexpected exception.
 */
class RequestTextPropertyTest {

    private static final int MAX_CONTENT = 100_000;

    /** A text field: the body around it, the request type, and how to read the field back after validation. */
    record Field(String path, String before, String after, Class<?> type, Function<Object, String> validatedValue) {
        byte[] body(HostileText value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(value.jsonLiteral());
            out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return path;
        }
    }

    static final List<Field> FIELDS = List.of(
            new Field("name", "{\"name\":", ",\"indexing_technique\":\"economy\"}", Requests.CreateDataset.class,
                    r -> ((Requests.CreateDataset) r).validated().name()),
            new Field("description", "{\"name\":\"n\",\"indexing_technique\":\"economy\",\"description\":", "}",
                    Requests.CreateDataset.class, r -> ((Requests.CreateDataset) r).validated().description()),
            new Field("name", "{\"name\":", ",\"segments\":[{\"content\":\"c\"}]}", Requests.CreateDocument.class,
                    r -> document(r).name()),
            new Field("segments[0].content", "{\"name\":\"d\",\"segments\":[{\"content\":", "}]}",
                    Requests.CreateDocument.class, r -> document(r).segments().get(0).content()),
            new Field("segments[0].answer", "{\"name\":\"d\",\"doc_form\":\"qa_model\",\"segments\":[{\"content\":\"q\","
                    + "\"answer\":", "}]}", Requests.CreateDocument.class,
                    r -> document(r).segments().get(0).answer()),
            new Field("segments[0].keywords[0]", "{\"name\":\"d\",\"segments\":[{\"content\":\"c\",\"keywords\":[",
                    "]}]}", Requests.CreateDocument.class, r -> document(r).segments().get(0).keywords().get(0)),
            new Field("segments[0].child_chunks[0]", "{\"name\":\"d\",\"doc_form\":\"hierarchical_model\","
                    + "\"segments\":[{\"content\":\"c\",\"child_chunks\":[", "]}]}", Requests.CreateDocument.class,
                    r -> document(r).segments().get(0).childChunks().get(0)),
            new Field("query", "{\"query\":", "}", Requests.HitTesting.class,
                    r -> ((Requests.HitTesting) r).validatedQuery()));

    private static NewDocument document(Object request) {
        return ((Requests.CreateDocument) request).validated(10_000, MAX_CONTENT);
    }

    @Provide
    Arbitrary<Field> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<HostileText> hostile() {
        return HostileText.any();
    }

    @Property(tries = 400)
    void textIsKeptExactlyOrRefusedNamingTheField(@ForAll("fields") Field field, @ForAll("hostile") HostileText value) {
        Object request;
        String kept;
        try {
            request = new StrictJsonReader().readFrom(cast(field.type()), field.type(), null, null, null,
                    new ByteArrayInputStream(field.body(value)));
            assertNotNull(request);
            kept = field.validatedValue().apply(request);
        } catch (Problem refused) {
            assertTrue(refused.kind().status() >= 400 && refused.kind().status() < 500, refused.getMessage());
            assertTrue(refused.getMessage().contains(field.path()), () -> "names " + field.path() + ": "
                    + refused.getMessage());
            boolean flawed = value.text() == null || StorableText.flaw(value.text()).isPresent();
            if (flawed) {
                assertEquals("invalid_text", refused.code(), refused::getMessage);
            } else {
                assertTrue(Set.of("invalid_param", "invalid_text").contains(refused.code()), refused::getMessage);
            }
            return;
        } catch (RuntimeException other) {
            fail("not a Problem for " + value + ": " + other, other);
            return;
        }
        assertNotNull(value.text(), () -> "invalid text was accepted: " + value);
        assertEquals(value.text(), kept, "kept exactly as sent");
        assertTrue(StorableText.flaw(kept).isEmpty(), "only storable text is accepted");
        assertEquals(kept, new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void queryParametersAreDecodedStrictly(@ForAll("hostile") HostileText value) {
        String decoded;
        try {
            decoded = QueryTextFilter.decode(value.queryEncoded(), "keyword");
        } catch (Problem refused) {
            assertEquals("invalid_text", refused.code());
            assertTrue(refused.getMessage().startsWith("keyword "), refused.getMessage());
            assertTrue(value.text() == null, () -> "valid UTF-8 refused: " + value);
            return;
        }
        assertEquals(value.text(), decoded);
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> cast(Class<?> type) {
        return (Class<Object>) type;
    }
}
