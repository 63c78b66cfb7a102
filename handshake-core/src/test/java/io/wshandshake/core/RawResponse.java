package io.wshandshake.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reading of raw HTTP response text for tests: the status code of the first line and each following line
 * up to an empty one as {@code name: value}, kept as sent (no trimming of names, lines without a colon skipped).
 */
record RawResponse(int status, Map<String, List<String>> headers) {

    static RawResponse parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        int status = -1;
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length >= 2) {
            try {
                status = Integer.parseInt(statusLine[1]);
            }
            catch (NumberFormatException ex) {
                status = -1;
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1));
            }
        }
        return new RawResponse(status, headers);
    }
}
