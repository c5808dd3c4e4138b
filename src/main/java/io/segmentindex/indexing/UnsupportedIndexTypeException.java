package io.segmentindex.indexing;

/** A document form that no processor serves. */
public class UnsupportedIndexTypeException extends RuntimeException {

    public UnsupportedIndexTypeException(String docForm) {
        super("Index type " + docForm + " is not supported.");
    }
}
