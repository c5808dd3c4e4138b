package io.segmentindex.api;

import io.segmentindex.indexing.embedding.MiniLmEmbeddingModel;
import io.segmentindex.ingestion.DocumentSplitter;
import io.segmentindex.ingestion.NewDocument;
import io.segmentindex.knowledge.DatasetService.NewDataset;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.IndexingTechnique;
import io.segmentindex.platform.Problem;
import io.segmentindex.retrieval.RetrievalModel;
import io.segmentindex.retrieval.SearchMethod;

import java.util.ArrayList;
import java.util.List;

/** Request bodies as JSON-B reads them (snake_case); validated and mapped by the resources. */
public final class Requests {

    private Requests() {
    }

    public static class CreateDataset {
        public String name;
        public String description;
        public String indexingTechnique;
        public String embeddingModel;
        public Integer keywordNumber;

        NewDataset validated() {
            String n = Params.name("name", name, 255, true);
            IndexingTechnique technique = Params.wire("indexing_technique", IndexingTechnique.class,
                    indexingTechnique == null ? "high_quality" : indexingTechnique, true);
            String model = null;
            if (technique == IndexingTechnique.HIGH_QUALITY) {
                model = embeddingModel == null ? MiniLmEmbeddingModel.NAME : embeddingModel;
                if (!MiniLmEmbeddingModel.NAME.equals(model)) {
                    throw Problem.invalid("Embedding model " + model + " is not available; this service embeds with "
                            + MiniLmEmbeddingModel.NAME + ".");
                }
            }
            int keywords = keywordNumber == null ? 10 : keywordNumber;
            if (keywords < 1 || keywords > 100) {
                throw Problem.invalid("keyword_number must be between 1 and 100.");
            }
            return new NewDataset(n, Params.text("description", description, 4000, false), technique, model,
                    keywords);
        }
    }

    public static class CreateDocument {
        public String name;
        public String docForm;
        public List<SegmentInput> segments;

        NewDocument validated(int maxSegments, int maxContentChars) {
            String n = Params.name("name", name, 255, true);
            DocForm form = Params.wire("doc_form", DocForm.class, docForm == null ? "text_model" : docForm, true);
            if (segments == null || segments.isEmpty()) {
                throw Problem.invalid("segments must hold at least one segment.");
            }
            if (segments.size() > maxSegments) {
                throw Problem.invalid("A document may have at most " + maxSegments + " segments; got "
                        + segments.size() + ".");
            }
            List<NewDocument.NewSegment> out = new ArrayList<>(segments.size());
            for (int i = 0; i < segments.size(); i++) {
                out.add(segments.get(i) == null ? missing(i) : segments.get(i).validated(i, form, maxContentChars));
            }
            return new NewDocument(n, form, out);
        }

        private static NewDocument.NewSegment missing(int i) {
            throw Problem.invalid("segments[" + i + "] is null.");
        }
    }

    public static class SplitPreview {
        public String text;
        public String docForm;
        public String separator;
        public Integer maxChars;

        record Valid(String text, DocForm form, String separator, int maxChars) {
        }

        Valid validated(int maxContentChars) {
            DocForm form = Params.wire("doc_form", DocForm.class, docForm == null ? "text_model" : docForm, true);
            String sep = separator == null ? "\n\n" : DocumentSplitter.unescape(
                    Params.text("separator", separator, 20, true));
            int max = maxChars == null ? 1000 : maxChars;
            if (max < 50 || max > maxContentChars) {
                throw Problem.invalid("max_chars must be between 50 and " + maxContentChars + ".");
            }
            return new Valid(Params.text("text", text, 1_000_000, true), form, sep, max);
        }
    }

    public static class SegmentInput {
        public String content;
        public String answer;
        public List<String> keywords;
        public List<String> childChunks;

        NewDocument.NewSegment validated(int i, DocForm form, int maxContentChars) {
            String where = "segments[" + i + "].";
            String c = Params.text(where + "content", content, maxContentChars, true);
            String a = Params.text(where + "answer", answer, maxContentChars, form == DocForm.QA_MODEL);
            if (a != null && form != DocForm.QA_MODEL) {
                throw Problem.invalid(where + "answer is only for doc_form qa_model.");
            }
            List<String> k = null;
            if (keywords != null) {
                if (keywords.size() > 100) {
                    throw Problem.invalid(where + "keywords may hold at most 100 keywords.");
                }
                k = new ArrayList<>();
                for (int j = 0; j < keywords.size(); j++) {
                    String v = Params.name(where + "keywords[" + j + "]", keywords.get(j), 100, true);
                    if (!k.contains(v)) {
                        k.add(v);
                    }
                }
            }
            List<String> children = null;
            if (childChunks != null) {
                if (form != DocForm.HIERARCHICAL_MODEL) {
                    throw Problem.invalid(where + "child_chunks are only for doc_form hierarchical_model.");
                }
                if (childChunks.isEmpty() || childChunks.size() > 500) {
                    throw Problem.invalid(where + "child_chunks must hold 1 to 500 chunks.");
                }
                children = new ArrayList<>();
                for (int j = 0; j < childChunks.size(); j++) {
                    children.add(Params.text(where + "child_chunks[" + j + "]", childChunks.get(j), maxContentChars,
                            true));
                }
            }
            return new NewDocument.NewSegment(c, a, k, children);
        }
    }

    public static class HitTesting {
        public String query;
        public RetrievalModelInput retrievalModel;

        String validatedQuery() {
            return Params.text("query", query, 2000, true);
        }

        RetrievalModel validatedModel() {
            RetrievalModelInput m = retrievalModel == null ? new RetrievalModelInput() : retrievalModel;
            SearchMethod method = Params.wire("retrieval_model.search_method", SearchMethod.class,
                    m.searchMethod == null ? "semantic_search" : m.searchMethod, true);
            int k = m.topK == null ? 4 : m.topK;
            if (k < 1 || k > 100) {
                throw Problem.invalid("retrieval_model.top_k must be between 1 and 100.");
            }
            Double threshold = null;
            if (Boolean.TRUE.equals(m.scoreThresholdEnabled)) {
                threshold = m.scoreThreshold == null ? 0.0 : m.scoreThreshold;
                if (threshold < 0 || threshold > 1 || threshold.isNaN()) {
                    throw Problem.invalid("retrieval_model.score_threshold must be between 0 and 1.");
                }
            }
            return new RetrievalModel(method, k, threshold);
        }
    }

    public static class RetrievalModelInput {
        public String searchMethod;
        public Integer topK;
        public Boolean scoreThresholdEnabled;
        public Double scoreThreshold;
    }
}
