package io.segmentindex.indexing;

import io.segmentindex.knowledge.DocForm;
import jakarta.enterprise.context.ApplicationScoped;

/** Plain paragraphs ({@code text_model}). */
@ApplicationScoped
public class ParagraphIndexProcessor extends FlatIndexProcessor {

    @Override
    public DocForm docForm() {
        return DocForm.TEXT_MODEL;
    }
}
