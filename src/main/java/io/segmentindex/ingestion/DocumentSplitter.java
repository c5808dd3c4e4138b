package io.segmentindex.ingestion;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.TextSplitter;
import io.segmentindex.platform.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * How pasted text becomes a document's segments, and a parent segment its child chunks: the preview shows the
 * segments a client then sends as they are, and ingestion splits children the same way when none were sent.
 */
@ApplicationScoped
public class DocumentSplitter {

    @Inject
    DatasetService knowledge;

    @Inject
    @ConfigProperty(name = "parent-child.child-separator")
    String childSeparator;

    @Inject
    @ConfigProperty(name = "parent-child.child-max-chars")
    int childMaxChars;

    @Inject
    @ConfigProperty(name = "api.max-segments-per-document")
    int maxSegments;

    private TextSplitter children;

    @PostConstruct
    void init() {
        children = new TextSplitter(unescape(childSeparator), childMaxChars);
    }

    /** A separator as configuration and clients write it: {@code \n} stands for a line break. */
    public static String unescape(String separator) {
        return separator.replace("\\n", "\n");
    }

    public List<String> childChunks(String parent) {
        return children.split(parent);
    }

    /**
     * The segments {@code text} makes in a document of this form, in the dataset (which must be the caller's):
     * pieces at the separator of at most {@code maxChars}; a question-and-answer document takes each piece whole
     * as a question line and its answer.
     */
    public List<NewDocument.NewSegment> preview(String datasetId, String text, DocForm form, String separator,
                                                int maxChars) {
        knowledge.dataset(datasetId);
        List<NewDocument.NewSegment> out = new ArrayList<>();
        if (form == DocForm.QA_MODEL) {
            List<String> blocks = new TextSplitter(separator, Integer.MAX_VALUE).split(text);
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).length() > maxChars) {
                    throw Problem.invalid("Block " + (i + 1) + " is longer than max_chars (" + maxChars + ").");
                }
                String[] qa = TextSplitter.questionAndAnswer(blocks.get(i));
                if (qa == null) {
                    throw Problem.invalid("Block " + (i + 1) + " has no answer: in a qa_model document each block"
                            + " is a question line followed by its answer.");
                }
                out.add(new NewDocument.NewSegment(qa[0], qa[1], null, null));
            }
        } else {
            for (String piece : new TextSplitter(separator, maxChars).split(text)) {
                out.add(new NewDocument.NewSegment(piece, null, null,
                        form == DocForm.HIERARCHICAL_MODEL ? childChunks(piece) : null));
            }
        }
        if (out.isEmpty()) {
            throw Problem.invalid("text holds no segment: it is empty or only separators.");
        }
        if (out.size() > maxSegments) {
            throw Problem.invalid("The text makes " + out.size() + " segments; a document may have at most "
                    + maxSegments + ".");
        }
        return out;
    }
}
