package io.segmentindex.platform;

import java.util.regex.Pattern;

/** Ids are UUIDs; anything else names nothing (and must never reach a uuid column). */
public final class Uuids {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    public static boolean isValid(String s) {
        return s != null && UUID.matcher(s).matches();
    }
}
