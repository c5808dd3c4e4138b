package io.segmentindex.indexing;

import io.segmentindex.knowledge.DocForm;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.Map;

/**
 * Dify's IndexProcessorFactory: the document's form selects the processor. Every {@link IndexProcessor} bean
 * registers itself by its form, so a new form is a new bean and nothing else changes.
 */
@ApplicationScoped
public class IndexProcessorFactory {

    @Inject
    @Any
    Instance<IndexProcessor> processors;

    private final Map<DocForm, IndexProcessor> byForm = new EnumMap<>(DocForm.class);

    @PostConstruct
    void register() {
        for (IndexProcessor p : processors) {
            IndexProcessor previous = byForm.put(p.docForm(), p);
            if (previous != null) {
                throw new IllegalStateException("two processors for " + p.docForm().wire());
            }
        }
    }

    public IndexProcessor processorFor(DocForm form) {
        IndexProcessor p = form == null ? null : byForm.get(form);
        if (p == null) {
            throw new UnsupportedIndexTypeException(form == null ? "null" : form.wire());
        }
        return p;
    }

    public boolean supports(DocForm form) {
        return byForm.containsKey(form);
    }
}
