package io.wshandshake.core;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Renders text that came from a server (or any untrusted source) so that it is safe to put in an exception message
 * or a log line: quoted, control characters and non-ASCII escaped, and cut short.
 *
 * @since 0.1.0
 */
public final class SafeText {

    /** How many characters of an untrusted value a message shows at most. */
    public static final int MAX_SHOWN = 80;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {
    }

    /**
     * The value in double quotes, with {@code "}, {@code \}, control characters and non-ASCII characters escaped
     * ({@code \r}, {@code \n}, {@code \t}, {@code \xNN}, {@code \}{@code uNNNN}) and cut after {@link #MAX_SHOWN}
     * characters with a note of the full length; {@code null} renders as {@code null}.
     */
    public static String quote(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        return escape(value, MAX_SHOWN, true);
    }

    /**
     * The value with control characters and non-ASCII characters escaped as in {@link #quote(String)}, but not
     * quoted (so {@code "} stays as it is), cut after {@code maxShown} characters: for showing a raw header line.
     */
    public static String escape(@Nullable String value, int maxShown) {
        return (value != null) ? escape(value, maxShown, false) : "null";
    }

    private static String escape(String value, int maxShown, boolean quoted) {
        int shown = Math.min(value.length(), maxShown);
        StringBuilder out = new StringBuilder(shown + 16);
        if (quoted) {
            out.append('"');
        }
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (!quoted && (c == '"' || c == '\\')) {
                out.append(c);
            }
            else {
                appendEscaped(out, c);
            }
        }
        if (quoted) {
            out.append('"');
        }
        if (shown < value.length()) {
            out.append("... (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /**
     * A URI as it may appear in messages, logs and tags: scheme, host, port and path only. User info can hold a
     * password and the query a token, so both are left out, and so is the fragment.
     */
    public static String uri(URI uri) {
        StringBuilder value = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() != -1) {
            value.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        return value.append((path != null && !path.isEmpty()) ? path : "/").toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\r' -> out.append("\\r");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            default -> {
                if (c >= 0x20 && c < 0x7F) {
                    out.append(c);
                }
                else if (c <= 0xFF) {
                    out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
                else {
                    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                }
            }
        }
    }
}
