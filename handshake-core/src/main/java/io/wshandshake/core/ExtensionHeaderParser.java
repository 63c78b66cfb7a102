package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Sec-WebSocket-Extensions} by the grammar of RFC 6455 section 9.1 with the list rules of RFC 7230
 * section 7 (empty elements allowed, optional whitespace around {@code ,}, {@code ;} and {@code =}):
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]   ; a quoted value must unescape to a token
 * </pre>
 *
 * One method per rule, each reading from the current position and leaving it after what it read. Linear in the
 * input and without regular expressions. A parser either only checks the grammar, allocating nothing, or also builds
 * the elements; the validator builds elements one at a time and stops at the first it cannot accept, then only
 * checks the rest, so a hostile header of thousands of elements costs one scan, not thousands of objects.
 */
final class ExtensionHeaderParser {

    /** The window sizes of permessage-deflate, 8 to 15 bits, handed out as these instances. */
    private static final String[] WINDOW_BITS = { "8", "9", "10", "11", "12", "13", "14", "15" };

    private final String text;

    private final boolean build;

    private int pos;

    private ExtensionElement element;

    private ExtensionHeaderParser(String text, boolean build) {
        this.text = text;
        this.build = build;
    }

    /**
     * Checks every line of the header against the grammar, allocating nothing unless it fails.
     * @throws HeaderSyntaxException if a line breaks the grammar or the lines hold no extension at all
     */
    static void checkLines(List<String> lines) {
        int count = 0;
        for (String line : lines) {
            ExtensionHeaderParser parser = new ExtensionHeaderParser(line, false);
            while (parser.nextElement()) {
                count++;
            }
        }
        if (count == 0) {
            throw new HeaderSyntaxException("holds no extension", lines.isEmpty() ? "" : lines.get(0));
        }
    }

    /**
     * Parses every line of the header, in order, as one comma list.
     * @throws HeaderSyntaxException if a line breaks the grammar or the lines hold no extension at all
     */
    static List<ExtensionElement> parseLines(List<String> lines) {
        List<ExtensionElement> extensions = new ArrayList<>(2);
        Cursor cursor = new Cursor(lines);
        for (ExtensionElement extension = cursor.next(); extension != null; extension = cursor.next()) {
            extensions.add(extension);
        }
        if (extensions.isEmpty()) {
            throw new HeaderSyntaxException("holds no extension", lines.isEmpty() ? "" : lines.get(0));
        }
        return extensions;
    }

    /**
     * Parses exactly one extension, as in a single offer.
     * @throws IllegalArgumentException if the text is not exactly one extension
     */
    static ExtensionElement parseSingle(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Extension offer must not be null");
        }
        List<ExtensionElement> extensions;
        try {
            extensions = new ArrayList<>(1);
            ExtensionHeaderParser parser = new ExtensionHeaderParser(text, true);
            while (parser.nextElement()) {
                extensions.add(parser.element);
            }
        }
        catch (HeaderSyntaxException ex) {
            throw new IllegalArgumentException("Extension offer " + SafeText.quote(text) + " is not valid: "
                    + ex.getMessage(), ex);
        }
        if (extensions.size() != 1) {
            throw new IllegalArgumentException("Extension offer " + SafeText.quote(text)
                    + " must hold exactly one extension, not " + extensions.size());
        }
        return extensions.get(0);
    }

    /**
     * Reads the next list element, skipping empty ones: {@code #extension}.
     * @return false at the end of the text
     */
    private boolean nextElement() {
        while (true) {
            skipOws();
            if (atEnd()) {
                return false;
            }
            if (peek() != ',') {
                break;
            }
            this.pos++;
        }
        this.element = parseExtension();
        skipOws();
        if (!atEnd()) {
            expect(',', "',' or ';' after an extension");
        }
        return true;
    }

    /** {@code extension = extension-token *( ";" extension-param )}. */
    private ExtensionElement parseExtension() {
        String name = parseToken("extension name");
        List<ExtensionParameter> parameters = this.build ? new ArrayList<>(4) : null;
        while (true) {
            skipOws();
            if (atEnd() || peek() != ';') {
                return this.build ? new ExtensionElement(name, parameters) : null;
            }
            this.pos++;
            skipOws();
            ExtensionParameter parameter = parseParameter();
            if (this.build) {
                parameters.add(parameter);
            }
        }
    }

    /** {@code extension-param = token [ "=" (token | quoted-string) ]}. */
    private ExtensionParameter parseParameter() {
        String name = parseToken("parameter name");
        int afterName = this.pos;
        skipOws();
        if (atEnd() || peek() != '=') {
            this.pos = afterName;
            return this.build ? new ExtensionParameter(name, null) : null;
        }
        this.pos++;
        skipOws();
        String value = (!atEnd() && peek() == '"') ? parseQuotedToken() : parseToken("parameter value");
        return this.build ? new ExtensionParameter(name, value) : null;
    }

    /** {@code quoted-string}, whose unescaped content must be a token. */
    private String parseQuotedToken() {
        int start = this.pos;
        this.pos++;
        StringBuilder value = this.build ? new StringBuilder() : null;
        boolean token = true;
        int length = 0;
        while (true) {
            if (atEnd()) {
                throw error("unterminated quoted-string", start);
            }
            char c = this.text.charAt(this.pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (atEnd() || !HttpTokens.isQuotedPairChar(peek())) {
                    throw error("invalid quoted-pair", this.pos - 1);
                }
                c = this.text.charAt(this.pos++);
            }
            else if (!HttpTokens.isQdText(c)) {
                throw error("invalid character in quoted-string", this.pos - 1);
            }
            token &= HttpTokens.isTokenChar(c);
            length++;
            if (this.build) {
                value.append(c);
            }
        }
        if (!token || length == 0) {
            throw error("quoted value is not a token after unescaping", start);
        }
        return this.build ? value.toString() : null;
    }

    private String parseToken(String what) {
        String text = this.text;
        int start = this.pos;
        if (this.build) {
            String common = commonTokenAt(start);
            if (common != null) {
                this.pos = start + common.length();
                return common;
            }
        }
        int end = start;
        while (end < text.length() && HttpTokens.isTokenChar(text.charAt(end))) {
            end++;
        }
        if (start == end) {
            throw error("expected " + what, start);
        }
        this.pos = end;
        return this.build ? text.substring(start, end) : null;
    }

    /**
     * The token at {@code start} if it is one that nearly every answer holds (permessage-deflate, its four
     * parameters, the window sizes), as that constant instance; else {@code null}. The candidate is picked by the
     * first characters and compared whole, instead of reading the token a character at a time; the constants save
     * a substring per token and let the negotiator's {@code switch} on parameter names use their cached hashes.
     */
    private @Nullable String commonTokenAt(int start) {
        String text = this.text;
        int length = text.length();
        if (start + 1 >= length) {
            return (start < length) ? windowBits(text.charAt(start), -1) : null;
        }
        char first = text.charAt(start);
        char second = text.charAt(start + 1);
        // "server_" and "client_" are seven characters: the eighth tells no_context_takeover from max_window_bits.
        char eighth = (start + 7 < length) ? text.charAt(start + 7) : 0;
        String candidate = switch (first) {
            case 'p' -> PerMessageDeflateNegotiator.NAME;
            case 's' -> (eighth == 'n') ? PerMessageDeflateNegotiator.SERVER_NO_CONTEXT_TAKEOVER
                    : PerMessageDeflateNegotiator.SERVER_MAX_WINDOW_BITS;
            case 'c' -> (eighth == 'n') ? PerMessageDeflateNegotiator.CLIENT_NO_CONTEXT_TAKEOVER
                    : PerMessageDeflateNegotiator.CLIENT_MAX_WINDOW_BITS;
            default -> windowBits(first, second);
        };
        if (candidate == null || !text.startsWith(candidate, start)) {
            return null;
        }
        int end = start + candidate.length();
        return (end == length || !HttpTokens.isTokenChar(text.charAt(end))) ? candidate : null;
    }

    /** The window size that starts {@code first, second} ({@code second} -1 at the end), or {@code null}. */
    private static @Nullable String windowBits(char first, int second) {
        if (first == '8' || first == '9') {
            return WINDOW_BITS[first - '8'];
        }
        return (first == '1' && second >= '0' && second <= '5') ? WINDOW_BITS[second - '0' + 2] : null;
    }

    private void expect(char c, String what) {
        if (atEnd() || peek() != c) {
            throw error("expected " + what, this.pos);
        }
        this.pos++;
    }

    private void skipOws() {
        this.pos = HttpTokens.owsEnd(this.text, this.pos, this.text.length());
    }

    private boolean atEnd() {
        return this.pos >= this.text.length();
    }

    private char peek() {
        return this.text.charAt(this.pos);
    }

    private HeaderSyntaxException error(String problem, int at) {
        String found = (at < this.text.length()) ? "found " + SafeText.quote(String.valueOf(this.text.charAt(at)))
                : "found the end";
        return new HeaderSyntaxException(problem + " at index " + at + ", " + found, this.text);
    }

    /** Builds the elements of several lines one at a time, in order. */
    static final class Cursor {

        private final List<String> lines;

        private int line;

        private ExtensionHeaderParser parser;

        Cursor(List<String> lines) {
            this.lines = lines;
        }

        /**
         * The next element, or {@code null} after the last one.
         * @throws HeaderSyntaxException if the text breaks the grammar
         */
        ExtensionElement next() {
            while (true) {
                if (this.parser != null && this.parser.nextElement()) {
                    return this.parser.element;
                }
                if (this.line == this.lines.size()) {
                    return null;
                }
                this.parser = new ExtensionHeaderParser(this.lines.get(this.line++), true);
            }
        }
    }
}
