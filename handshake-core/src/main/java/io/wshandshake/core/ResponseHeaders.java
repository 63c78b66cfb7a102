package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of the five response headers the handshake concerns, gathered in one pass over a header map whose names
 * may be in any ASCII case (RFC 9110 section 5.1: names that differ only in ASCII case are one header; no other case
 * folding applies). Null names, lists and
 * lines are ignored, so no map a caller builds can make the validator fail with anything but its own exception.
 */
final class ResponseHeaders {

    static final String UPGRADE = "Upgrade";

    static final String CONNECTION = "Connection";

    static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";

    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The index of {@code Sec-WebSocket-Accept} in {@link #which(String)}; the two after it are read in full. */
    private static final int ACCEPT_INDEX = 2;

    List<String> upgrade = List.of();

    List<String> connection = List.of();

    List<String> accept = List.of();

    List<String> protocol = List.of();

    List<String> extensions = List.of();

    /**
     * The size of the header lines read, as {@code name: value\r\n}, in characters: of all of them, unless reading
     * stopped at the first line past the limit.
     */
    final long size;

    /**
     * Whether a line scanned while gathering is malformed. The lines of {@code Sec-WebSocket-Accept},
     * {@code -Protocol} and {@code -Extensions} are not scanned then: the checks that accept them read every
     * character and take no control character, so an answer that passes them holds none there.
     */
    final boolean malformedSeen;

    private final Map<String, List<String>> headers;

    /**
     * Gathers the lines, stopping at the first line that takes the size past {@code limit}: the answer is refused
     * then, and no more work or memory goes into it. Each further line of a header is added in place, so the work
     * is linear in the number of lines of any header.
     */
    ResponseHeaders(Map<String, List<String>> headers, long limit) {
        this.headers = headers;
        long total = 0;
        boolean malformedSeen = false;
        gather: for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            List<String> lines = header.getValue();
            if (name == null || lines == null) {
                continue;
            }
            int which = which(name);
            // One of the five names is a token; any other name is checked once, not once per line.
            boolean scan = which < ACCEPT_INDEX && !malformedSeen;
            if (scan && which < 0 && !HttpTokens.isToken(name)) {
                malformedSeen = true;
                scan = false;
            }
            for (String line : lines) {
                if (line != null) {
                    total += name.length() + line.length() + 4;
                    if (total > limit) {
                        break gather;
                    }
                    if (scan && hasControl(line)) {
                        malformedSeen = true;
                        scan = false;
                    }
                    if (which >= 0) {
                        add(which, line);
                    }
                }
            }
        }
        this.size = total;
        this.malformedSeen = malformedSeen;
    }

    /**
     * Refuses the answer if any of its lines cannot be a header line at all, naming the first in the map's order:
     * a name that is not a token (RFC 9110 section 5.1), or a value with a control character other than HTAB
     * (section 5.5 has a recipient refuse or replace CR, LF and NUL; we refuse all of them), which a raw head would
     * have been refused for too (see {@link ResponseHead}). Reads every line again: call it when
     * {@link #malformedSeen}, before trusting a line the gathering did not scan, or before reporting another failure.
     * @throws HandshakeException with {@link FailureReason#RESPONSE_MALFORMED}
     */
    void checkWellFormed() {
        for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
            String name = header.getKey();
            List<String> lines = header.getValue();
            if (name == null || lines == null) {
                continue;
            }
            boolean nameIsToken = which(name) >= 0 || HttpTokens.isToken(name);
            for (String line : lines) {
                if (line == null) {
                    continue;
                }
                if (!nameIsToken) {
                    throw malformed(null, name, "the header name " + SafeText.quote(name)
                            + " is not a token (RFC 9110 section 5.1)");
                }
                if (hasControl(line)) {
                    throw malformed(name, line, "the value of " + SafeText.quote(name) + ", " + SafeText.quote(line)
                            + ", holds a control character (RFC 9110 section 5.5)");
                }
            }
        }
    }

    private static HandshakeException malformed(String header, String value, String problem) {
        return new HandshakeException(FailureReason.RESPONSE_MALFORMED, header, value,
                "The response headers are malformed: " + problem, null);
    }

    /** Whether the value holds a control character other than HTAB. */
    private static boolean hasControl(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a line; most headers have one, so a list is made only for a second line, and grown in place after. */
    private void add(int which, String line) {
        switch (which) {
            case 0 -> this.upgrade = appended(this.upgrade, line);
            case 1 -> this.connection = appended(this.connection, line);
            case 2 -> this.accept = appended(this.accept, line);
            case 3 -> this.protocol = appended(this.protocol, line);
            default -> this.extensions = appended(this.extensions, line);
        }
    }

    private static List<String> appended(List<String> lines, String line) {
        if (lines.isEmpty()) {
            return List.of(line);
        }
        if (lines instanceof ArrayList<String> more) {
            // Only this class makes an ArrayList here: the list of a third or later line, ours to grow.
            more.add(line);
            return more;
        }
        List<String> more = new ArrayList<>(4);
        more.addAll(lines);
        more.add(line);
        return more;
    }

    /** Which of the five headers {@code name} is, or -1; the length picks the one candidate to compare. */
    private static int which(String name) {
        return switch (name.length()) {
            case 7 -> HttpTokens.isFieldName(name, UPGRADE, "upgrade") ? 0 : -1;
            case 10 -> HttpTokens.isFieldName(name, CONNECTION, "connection") ? 1 : -1;
            case 20 -> HttpTokens.isFieldName(name, SEC_WEBSOCKET_ACCEPT, "sec-websocket-accept") ? ACCEPT_INDEX : -1;
            case 22 -> HttpTokens.isFieldName(name, SEC_WEBSOCKET_PROTOCOL, "sec-websocket-protocol") ? 3 : -1;
            case 24 -> HttpTokens.isFieldName(name, SEC_WEBSOCKET_EXTENSIONS, "sec-websocket-extensions") ? 4 : -1;
            default -> -1;
        };
    }

    /** Whether the comma list over all lines has exactly one non-empty element, equal to {@code token} in any ASCII case. */
    static boolean isSingleElement(List<String> lines, String token) {
        int elements = 0;
        boolean match = false;
        for (String line : lines) {
            for (int start = 0; start <= line.length();) {
                int end = elementEnd(line, start);
                int from = HttpTokens.owsEnd(line, start, end);
                int to = HttpTokens.owsStart(line, from, end);
                if (from < to) {
                    elements++;
                    match = regionIs(line, from, to, token);
                }
                start = end + 1;
            }
        }
        return elements == 1 && match;
    }

    /** Whether any element of the comma list over all lines equals {@code token} in any ASCII case. */
    static boolean containsElement(List<String> lines, String token) {
        for (String line : lines) {
            for (int start = 0; start <= line.length();) {
                int end = elementEnd(line, start);
                int from = HttpTokens.owsEnd(line, start, end);
                if (regionIs(line, from, HttpTokens.owsStart(line, from, end), token)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    private static int elementEnd(String line, int start) {
        int comma = line.indexOf(',', start);
        return (comma < 0) ? line.length() : comma;
    }

    private static boolean regionIs(String line, int start, int end, String token) {
        return HttpTokens.equalsIgnoreAsciiCase(line, start, end, token);
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
