package io.segmentindex.indexing;

import io.segmentindex.knowledge.DocForm;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Question/answer pairs ({@code qa_model}): the question (the segment's content) is what gets embedded and
 * searched; the answer stays on the segment row and is returned with it, so it survives disable and enable.
 */
@ApplicationScoped
public class QaIndexProcessor extends FlatIndexProcessor {

    @Override
    public DocForm docForm() {
        return DocForm.QA_MODEL;
    }
}
