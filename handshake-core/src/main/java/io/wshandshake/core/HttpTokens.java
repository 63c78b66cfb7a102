package io.wshandshake.core;

/**
 * The RFC 7230 section 3.2.6 character classes that the WebSocket headers are built from.
 */
final class HttpTokens {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpTokens() {
    }

    /** {@code tchar}: any VCHAR except delimiters. */
    static boolean isTokenChar(char c) {
        return c < 128 && TCHAR[c];
    }

    /** {@code token = 1*tchar}. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} from {@code start} to {@code end} is {@code token} in any ASCII case. Field names (RFC 9110
     * section 5.1) and the tokens of {@code Upgrade} (section 7.8) and {@code Connection} (section 7.6.1) are
     * case-insensitive in ASCII only: {@link String#equalsIgnoreCase} would also take the Kelvin sign U+212A for
     * {@code k}, the dotless i U+0131 for {@code i} and the long s U+017F for {@code s}.
     */
    static boolean equalsIgnoreAsciiCase(String text, int start, int end, String token) {
        if (end - start != token.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (asciiLower(text.charAt(start + i)) != asciiLower(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #equalsIgnoreAsciiCase(String, int, int, String)} over the whole of {@code text}. */
    static boolean equalsIgnoreAsciiCase(String text, String token) {
        return equalsIgnoreAsciiCase(text, 0, text.length(), token);
    }

    private static char asciiLower(char c) {
        return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
    }

    /** {@code OWS = *( SP / HTAB )}. */
    static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text}. */
    static boolean isQdText(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)
                || (c >= 0x80 && c <= 0xFF);
    }

    /** The second character of a {@code quoted-pair}: {@code HTAB / SP / VCHAR / obs-text}. */
    static boolean isQuotedPairChar(char c) {
        return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    /** The value with leading and trailing OWS removed. */
    static String trimOws(String value) {
        int start = owsEnd(value, 0, value.length());
        return value.substring(start, owsStart(value, start, value.length()));
    }

    /** The first index from {@code start} that is not OWS, at most {@code end}. */
    static int owsEnd(String text, int start, int end) {
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** The index after the last character before {@code end} that is not OWS, at least {@code start}. */
    static int owsStart(String text, int start, int end) {
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
