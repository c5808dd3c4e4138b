package io.segmentindex.api;

import java.io.IOException;

/** Raised while reading a body that grew past the limit (also for chunked bodies with no length). */
public class RequestTooLargeException extends IOException {

    public RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
