package io.wshandshake.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A strict, sans-I/O reading of the raw head of a server's answer: the status line and the header lines up to the
 * blank line (RFC 9112 sections 2.1, 4 and 5), for a caller that has the bytes rather than a header map. Give it the
 * bytes read so far; it says that it needs more, or returns the head, or refuses it as soon as a line shows it
 * malformed, so no reader waits on an answer it will refuse. Then pass {@link #status()} and {@link #headers()} to
 * {@link HandshakeValidator#endClientHandshake(ClientHandshake, int, Map)}.
 * <p>
 * It refuses, with {@link FailureReason#RESPONSE_MALFORMED}, what a lenient reader would take in a way the validator
 * could not see:
 * <ul>
 * <li>a folded line ({@code obs-fold}, a line beginning with SP or HTAB): RFC 9112 section 5.2 has a user agent
 * unfold it, we refuse it instead (fail closed, as the strictest clients do), so that no part of a value is judged
 * without the rest;</li>
 * <li>whitespace between a field name and its colon (section 5.1);</li>
 * <li>a bare CR, and a bare LF: every line ends with CRLF. (Section 2.2 lets a recipient take a bare LF as a line
 * end; we do not, so that every path gives the same verdict.)</li>
 * <li>a control character other than HTAB in a value, a name that is not a token, a line without a colon;</li>
 * <li>a 101 in any other version than HTTP/1.1: {@code Upgrade} exists only in HTTP/1.1 (RFC 9110 section 7.8).</li>
 * </ul>
 * A head larger than the limit is refused with {@link FailureReason#HEADERS_TOO_LARGE} once that many bytes have
 * come without its end; the limit bounds the number and length of the lines as well. The work is linear in the
 * bytes, and bytes are read as ISO-8859-1 ({@code obs-text} is kept, not decoded).
 *
 * @since 0.2.0
 */
public final class ResponseHead {

    private static final byte CR = '\r';

    private static final byte LF = '\n';

    private static final int SWITCHING_PROTOCOLS = 101;

    private final String version;

    private final int status;

    private final String reason;

    private final Map<String, List<String>> headers;

    private final int length;

    private ResponseHead(String version, int status, String reason, Map<String, List<String>> headers, int length) {
        this.version = version;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.length = length;
    }

    /**
     * Reads the head from the first {@code length} bytes of {@code bytes}.
     * @param bytes the bytes of the answer read so far, from its first byte
     * @param length how many of them are read
     * @param maxSize the most bytes the head may take, its blank line included
     * @return the head, or empty when the bytes hold no blank line yet and are within the limit: read more
     * @throws HandshakeException with {@link FailureReason#RESPONSE_MALFORMED} at the first malformed line, or
     *         {@link FailureReason#HEADERS_TOO_LARGE} when {@code maxSize} bytes hold no end of the head
     * @throws IllegalArgumentException if {@code length} is outside {@code bytes} or {@code maxSize} is not positive
     */
    public static Optional<ResponseHead> parse(byte[] bytes, int length, int maxSize) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " is outside the " + bytes.length + " bytes");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be positive, not " + maxSize);
        }
        int limit = Math.min(length, maxSize);
        String statusLine = null;
        int status = 0;
        String version = null;
        String reason = null;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < limit; i++) {
            byte b = bytes[i];
            if (b == CR) {
                if (i + 1 >= limit) {
                    break;
                }
                if (bytes[i + 1] != LF) {
                    throw malformed("a bare CR (not followed by LF) in line " + SafeText.quote(text(bytes, start, i + 1))
                            + ": lines end with CRLF (RFC 9112 section 2.2)");
                }
                String line = text(bytes, start, i);
                int next = i + 2;
                if (statusLine == null) {
                    statusLine = line;
                    int[] parsed = statusLine(line);
                    status = parsed[0];
                    version = line.substring(0, 8);
                    reason = (line.length() > 13) ? line.substring(13) : "";
                    if (status == SWITCHING_PROTOCOLS && !version.equals("HTTP/1.1")) {
                        throw malformed("a 101 in " + version + ": Upgrade, and so switching protocols, exists "
                                + "only in HTTP/1.1 (RFC 9110 section 7.8)");
                    }
                }
                else if (line.isEmpty()) {
                    return Optional.of(new ResponseHead(version, status, reason, freeze(headers), next));
                }
                else {
                    headerLine(line, headers);
                }
                start = next;
                i = next - 1;
            }
            else if (b == LF) {
                throw malformed("a bare LF (not after CR) after " + SafeText.quote(text(bytes, start, i))
                        + ": lines end with CRLF; RFC 9112 section 2.2 lets a recipient accept a bare LF, this client "
                        + "refuses it on every path");
            }
        }
        if (length >= maxSize) {
            throw new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response head takes more than "
                    + maxSize + " bytes without its end");
        }
        return Optional.empty();
    }

    /**
     * Reads a whole head, such as a test or a recorded answer holds: {@link #parse(byte[], int, int)} with no limit
     * but the bytes.
     * @throws HandshakeException if the head is malformed or the bytes end before the blank line
     */
    public static ResponseHead parse(byte[] bytes) {
        return parse(bytes, bytes.length, Integer.MAX_VALUE).orElseThrow(() -> malformed(
                "the answer ends before the blank line that ends its head"));
    }

    /** {@code HTTP-version SP status-code [SP reason-phrase]} (RFC 9112 section 4): the status code. */
    private static int[] statusLine(String line) {
        boolean versionOk = line.length() >= 12 && line.startsWith("HTTP/") && isDigit(line.charAt(5))
                && line.charAt(6) == '.' && isDigit(line.charAt(7)) && line.charAt(8) == ' '
                && isDigit(line.charAt(9)) && isDigit(line.charAt(10)) && isDigit(line.charAt(11))
                && (line.length() == 12 || line.charAt(12) == ' ');
        if (!versionOk) {
            throw malformed("the status line " + SafeText.quote(line) + " is not HTTP-version SP status-code SP "
                    + "reason-phrase (RFC 9112 section 4)");
        }
        for (int i = 13; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                throw malformed("the reason phrase of " + SafeText.quote(line) + " holds a control character");
            }
        }
        return new int[] { Integer.parseInt(line.substring(9, 12)) };
    }

    /** {@code field-name ":" OWS field-value OWS} (RFC 9112 section 5), added to {@code headers}. */
    private static void headerLine(String line, Map<String, List<String>> headers) {
        char first = line.charAt(0);
        if (HttpTokens.isOws(first)) {
            throw malformed("the folded line " + SafeText.quote(line) + " continues the line before it (obs-fold, "
                    + "RFC 9112 section 5.2): this client refuses folds rather than judge a value in parts");
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw malformed("the header line " + SafeText.quote(line) + " has no colon");
        }
        String name = line.substring(0, colon);
        if (!name.isEmpty() && HttpTokens.isOws(name.charAt(name.length() - 1))) {
            throw malformed("the header line " + SafeText.quote(line) + " has whitespace before its colon "
                    + "(RFC 9112 section 5.1)");
        }
        if (!HttpTokens.isToken(name)) {
            throw malformed("the header name " + SafeText.quote(name) + " is not a token (RFC 9110 section 5.1)");
        }
        for (int i = colon + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                throw malformed("the value of " + SafeText.quote(name) + " holds a control character "
                        + "(RFC 9110 section 5.5)");
            }
        }
        String value = HttpTokens.trimOws(line.substring(colon + 1));
        headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> headers) {
        Map<String, List<String>> frozen = new LinkedHashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> frozen.put(name, Collections.unmodifiableList(values)));
        return Collections.unmodifiableMap(frozen);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String text(byte[] bytes, int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static HandshakeException malformed(String problem) {
        return new HandshakeException(FailureReason.RESPONSE_MALFORMED, null, "The response head is malformed: "
                + problem);
    }

    /** The HTTP version of the status line, such as {@code HTTP/1.1}. */
    public String version() {
        return this.version;
    }

    /** The status code, 100 to 999 as written. */
    public int status() {
        return this.status;
    }

    /** The reason phrase as sent, possibly empty; a client ignores it (RFC 9112 section 4). */
    public String reason() {
        return this.reason;
    }

    /**
     * The header lines in the order sent: names as sent (a name in two cases is two keys, as the validator reads
     * names in any ASCII case), one list entry per line, values with their surrounding OWS removed. Unmodifiable.
     */
    public Map<String, List<String>> headers() {
        return this.headers;
    }

    /** The number of bytes the head took, its blank line included: where what follows it (frames) begins. */
    public int length() {
        return this.length;
    }

    @Override
    public String toString() {
        return "ResponseHead[" + this.version + " " + this.status + ", " + this.headers.size() + " header names, "
                + this.length + " bytes]";
    }
}
