package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of the five response headers the handshake concerns, gathered in one pass over a header map whose names
 * may be in any case (RFC 7230 section 3.2: names that differ only in case are one header). Null names, lists and
 * lines are ignored, so no map a caller builds can make the validator fail with anything but its own exception.
 */
final class ResponseHeaders {

    static final String UPGRADE = "Upgrade";

    static final String CONNECTION = "Connection";

    static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";

    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    final List<String> upgrade = new ArrayList<>(1);

    final List<String> connection = new ArrayList<>(1);

    final List<String> accept = new ArrayList<>(1);

    final List<String> protocol = new ArrayList<>(1);

    final List<String> extensions = new ArrayList<>(1);

    /** The size of all header lines as {@code name: value\r\n}, in characters. */
    final long size;

    ResponseHeaders(Map<String, List<String>> headers) {
        long total = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() == null || header.getValue() == null) {
                continue;
            }
            List<String> target = linesFor(header.getKey());
            for (String line : header.getValue()) {
                if (line != null) {
                    total += header.getKey().length() + line.length() + 4;
                    if (target != null) {
                        target.add(line);
                    }
                }
            }
        }
        this.size = total;
    }

    private List<String> linesFor(String name) {
        if (name == null) {
            return null;
        }
        if (name.equalsIgnoreCase(UPGRADE)) {
            return this.upgrade;
        }
        if (name.equalsIgnoreCase(CONNECTION)) {
            return this.connection;
        }
        if (name.equalsIgnoreCase(SEC_WEBSOCKET_ACCEPT)) {
            return this.accept;
        }
        if (name.equalsIgnoreCase(SEC_WEBSOCKET_PROTOCOL)) {
            return this.protocol;
        }
        if (name.equalsIgnoreCase(SEC_WEBSOCKET_EXTENSIONS)) {
            return this.extensions;
        }
        return null;
    }

    /** The non-empty elements of a comma list spread over several lines, each with its OWS trimmed. */
    static List<String> listElements(List<String> lines) {
        List<String> elements = new ArrayList<>(2);
        for (String line : lines) {
            int start = 0;
            while (start <= line.length()) {
                int comma = line.indexOf(',', start);
                int end = (comma < 0) ? line.length() : comma;
                String element = HttpTokens.trimOws(line.substring(start, end));
                if (!element.isEmpty()) {
                    elements.add(element);
                }
                start = end + 1;
            }
        }
        return elements;
    }
}
