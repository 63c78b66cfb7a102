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
        int length = token.length();
        if (end - start != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(start + i);
            char t = token.charAt(i);
            // Most characters are equal as they are; only then is the other case of a letter looked at.
            if (c != t && !(isAsciiLetter(t) && (c ^ 0x20) == t)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #equalsIgnoreAsciiCase(String, int, int, String)} over the whole of {@code text}. */
    static boolean equalsIgnoreAsciiCase(String text, String token) {
        return text.equals(token) || equalsIgnoreAsciiCase(text, 0, text.length(), token);
    }

    /**
     * Whether {@code name} is the field name written {@code usual} in its usual case and {@code lower} in lower case,
     * in any ASCII case. The two ways nearly every client hands names over (as sent, or lowered, as Tomcat's does)
     * are each one {@link String#equals}.
     */
    static boolean isFieldName(String name, String usual, String lower) {
        return name.equals(usual) || name.equals(lower) || equalsIgnoreAsciiCase(name, 0, name.length(), usual);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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
