package io.wshandshake.sample.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's answer exactly as it came: the status line and the header lines in order, names in their case, plus
 * the map the validator takes.
 *
 * @param statusLine the first line
 * @param status the status code, -1 when the status line is not HTTP
 * @param headerLines the header lines as sent
 * @param headers the header lines as a map, one list entry per line, OWS around the value removed
 */
record RawResponse(String statusLine, int status, List<String> headerLines, Map<String, List<String>> headers) {

    /** Reads the head of an HTTP/1.1 response, without the final empty line. */
    static RawResponse parse(String head) {
        String[] lines = head.split("\r\n", -1);
        List<String> headerLines = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            headerLines.add(lines[i]);
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        return new RawResponse(lines[0], statusCode(lines[0]), headerLines, headers);
    }

    private static int statusCode(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }
}
