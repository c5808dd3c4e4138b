package io.segmentindex.platform;

/** The message stored on a failed row: the root cause, short, never a stack trace. */
public final class ErrorText {

    private static final int MAX = 1000;

    private ErrorText() {
    }

    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.getClass().getSimpleName();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message.length() <= MAX ? message : message.substring(0, MAX);
    }
}
