package io.segmentindex.knowledge;


/** What a document status request asks for (Dify's document status actions). */
public enum DocumentAction implements WireValue {
    ENABLE("enable"),
    DISABLE("disable"),
    ARCHIVE("archive"),
    UN_ARCHIVE("un_archive");

    private final String wire;

    DocumentAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Disable and archive take the document's segments out of the index; the others put them back. */
    public boolean removes() {
        return this == DISABLE || this == ARCHIVE;
    }
}
