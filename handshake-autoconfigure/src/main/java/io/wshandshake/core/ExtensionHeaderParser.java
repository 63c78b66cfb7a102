package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;

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
 * input and without regular expressions, so a hostile header costs no more than its length.
 */
final class ExtensionHeaderParser {

    private final String text;

    private int pos;

    private ExtensionHeaderParser(String text) {
        this.text = text;
    }

    /**
     * Parses every line of the header, in order, as one comma list.
     * @throws HeaderSyntaxException if a line breaks the grammar or the lines hold no extension at all
     */
    static List<ExtensionElement> parseLines(List<String> lines) {
        List<ExtensionElement> extensions = new ArrayList<>(2);
        for (String line : lines) {
            new ExtensionHeaderParser(line).parseList(extensions);
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
        List<ExtensionElement> extensions = new ArrayList<>(1);
        try {
            new ExtensionHeaderParser(text).parseList(extensions);
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

    /** {@code #extension}: elements separated by commas, empty elements skipped. */
    private void parseList(List<ExtensionElement> into) {
        while (true) {
            skipOws();
            if (atEnd()) {
                return;
            }
            if (peek() == ',') {
                this.pos++;
                continue;
            }
            into.add(parseExtension());
            skipOws();
            if (atEnd()) {
                return;
            }
            expect(',', "',' or ';' after an extension");
        }
    }

    /** {@code extension = extension-token *( ";" extension-param )}. */
    private ExtensionElement parseExtension() {
        String name = parseToken("extension name");
        List<ExtensionParameter> parameters = new ArrayList<>(4);
        while (true) {
            skipOws();
            if (atEnd() || peek() != ';') {
                return new ExtensionElement(name, parameters);
            }
            this.pos++;
            skipOws();
            parameters.add(parseParameter());
        }
    }

    /** {@code extension-param = token [ "=" (token | quoted-string) ]}. */
    private ExtensionParameter parseParameter() {
        String name = parseToken("parameter name");
        int afterName = this.pos;
        skipOws();
        if (atEnd() || peek() != '=') {
            this.pos = afterName;
            return new ExtensionParameter(name, null);
        }
        this.pos++;
        skipOws();
        String value = (!atEnd() && peek() == '"') ? parseQuotedToken() : parseToken("parameter value");
        return new ExtensionParameter(name, value);
    }

    /** {@code quoted-string}, whose unescaped content must be a token. */
    private String parseQuotedToken() {
        int start = this.pos;
        this.pos++;
        StringBuilder value = new StringBuilder();
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
            value.append(c);
        }
        String unescaped = value.toString();
        if (!HttpTokens.isToken(unescaped)) {
            throw error("quoted value is not a token after unescaping", start);
        }
        return unescaped;
    }

    private String parseToken(String what) {
        int start = this.pos;
        while (!atEnd() && HttpTokens.isTokenChar(peek())) {
            this.pos++;
        }
        if (start == this.pos) {
            throw error("expected " + what, start);
        }
        return this.text.substring(start, this.pos);
    }

    private void expect(char c, String what) {
        if (atEnd() || peek() != c) {
            throw error("expected " + what, this.pos);
        }
        this.pos++;
    }

    private void skipOws() {
        while (!atEnd() && HttpTokens.isOws(peek())) {
            this.pos++;
        }
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
}
