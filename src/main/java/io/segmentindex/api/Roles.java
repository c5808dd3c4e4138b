package io.segmentindex.api;

/** The roles a token's groups claim may carry; each includes what the one before it may do. */
final class Roles {

    static final String READER = "reader";
    static final String EDITOR = "editor";
    static final String ADMIN = "admin";

    private Roles() {
    }
}
