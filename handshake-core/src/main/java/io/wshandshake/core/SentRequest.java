package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key and the offers of a request another client sent, read from its header map in one pass (names in any case,
 * several lines of one header as one list; null names, lists and lines ignored). A client that offers a validator's
 * own offers, the common case, sends the same text on every connect: {@link #carries(OfferSet)} finds those offers
 * again by comparing that text in place, so they are prepared once, when the validator is built, instead of parsed
 * and checked on every connect. Any other text, or one the comparison is not sure of, is parsed in full.
 */
final class SentRequest {

    private List<String> keys = List.of();

    private List<String> protocols = List.of();

    private List<String> extensions = List.of();

    SentRequest(Map<String, List<String>> requestHeaders) {
        for (Map.Entry<String, List<String>> header : requestHeaders.entrySet()) {
            String name = header.getKey();
            List<String> lines = header.getValue();
            if (name == null || lines == null || lines.isEmpty()) {
                continue;
            }
            switch (name.length()) {
                case 17 -> {
                    if (HttpTokens.equalsIgnoreAsciiCase(name, HandshakeValidator.SEC_WEBSOCKET_KEY)) {
                        this.keys = joined(this.keys, lines);
                    }
                }
                case 22 -> {
                    if (HttpTokens.equalsIgnoreAsciiCase(name, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL)) {
                        this.protocols = joined(this.protocols, lines);
                    }
                }
                case 24 -> {
                    if (HttpTokens.equalsIgnoreAsciiCase(name, ResponseHeaders.SEC_WEBSOCKET_EXTENSIONS)) {
                        this.extensions = joined(this.extensions, lines);
                    }
                }
                default -> {
                    // not a header the handshake concerns
                }
            }
        }
    }

    /** The lines gathered so far and {@code more}, without nulls; {@code more} itself when it is the first. */
    private static List<String> joined(List<String> lines, List<String> more) {
        if (lines.isEmpty() && !hasNull(more)) {
            return more;
        }
        List<String> all = new ArrayList<>(lines.size() + more.size());
        all.addAll(lines);
        for (String line : more) {
            if (line != null) {
                all.add(line);
            }
        }
        return all;
    }

    private static boolean hasNull(List<String> lines) {
        for (String line : lines) {
            if (line == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one {@code Sec-WebSocket-Key} value, with its OWS trimmed.
     * @throws IllegalArgumentException if there is none or more than one
     */
    String key() {
        if (this.keys.size() != 1) {
            throw new IllegalArgumentException("The request must carry exactly one Sec-WebSocket-Key, not "
                    + this.keys.size());
        }
        return HttpTokens.trimOws(this.keys.get(0));
    }

    /**
     * Whether the request offers exactly {@code offers}: the same subprotocols and the same extension elements in
     * the same order, written with any OWS the grammar allows, empty list elements skipped. False whenever it is
     * not sure, a quoted value for one: the request is then parsed in full by {@link #offers(Map)}.
     */
    boolean carries(OfferSet offers) {
        return carriesSubprotocols(offers.subprotocols()) && carriesExtensions(offers.extensions());
    }

    /**
     * The offers the request carries, parsed and checked.
     * @throws IllegalArgumentException if an offer is not valid
     */
    OfferSet offers(Map<String, ExtensionNegotiator> negotiators) {
        List<ExtensionElement> parsed;
        try {
            parsed = this.extensions.isEmpty() ? List.of() : ExtensionHeaderParser.parseLines(this.extensions);
        }
        catch (HeaderSyntaxException ex) {
            throw new IllegalArgumentException("Request Sec-WebSocket-Extensions " + SafeText.quote(ex.value())
                    + " is not valid: " + ex.getMessage(), ex);
        }
        return OfferSet.ofElements(ResponseHeaders.listElements(this.protocols), parsed, negotiators);
    }

    private boolean carriesSubprotocols(List<String> offered) {
        int next = 0;
        for (String line : this.protocols) {
            for (int start = 0; start <= line.length();) {
                int comma = line.indexOf(',', start);
                int end = (comma < 0) ? line.length() : comma;
                int from = HttpTokens.owsEnd(line, start, end);
                int to = HttpTokens.owsStart(line, from, end);
                if (from < to) {
                    if (next == offered.size() || !regionIs(line, from, to, offered.get(next))) {
                        return false;
                    }
                    next++;
                }
                start = end + 1;
            }
        }
        return next == offered.size();
    }

    private boolean carriesExtensions(List<ExtensionElement> offered) {
        int next = 0;
        for (String line : this.extensions) {
            Matcher matcher = new Matcher(line);
            while (true) {
                matcher.skipEmptyElements();
                if (matcher.atEnd()) {
                    break;
                }
                if (next == offered.size() || !matcher.element(offered.get(next))) {
                    return false;
                }
                next++;
            }
        }
        // Lines with no element at all are refused by the parser (1#extension): leave them to it.
        return next == offered.size() && (next > 0 || this.extensions.isEmpty());
    }

    private static boolean regionIs(String line, int start, int end, String token) {
        return end - start == token.length() && line.startsWith(token, start);
    }

    /** Compares one line of {@code Sec-WebSocket-Extensions} with expected elements, by the grammar of section 9.1. */
    private static final class Matcher {

        private final String text;

        private int pos;

        Matcher(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return this.pos >= this.text.length();
        }

        /** Skips OWS and empty list elements, up to the next element or the end. */
        void skipEmptyElements() {
            skipOws();
            while (!atEnd() && this.text.charAt(this.pos) == ',') {
                this.pos++;
                skipOws();
            }
        }

        /** Whether the next element is {@code expected}, its parameters in order; then after its comma, if any. */
        boolean element(ExtensionElement expected) {
            if (!token(expected.name())) {
                return false;
            }
            for (ExtensionParameter parameter : expected.parameters()) {
                skipOws();
                if (!delimiter(';')) {
                    return false;
                }
                skipOws();
                if (!token(parameter.name())) {
                    return false;
                }
                skipOws();
                boolean valued = delimiter('=');
                if (valued != parameter.hasValue()) {
                    return false;
                }
                if (valued) {
                    skipOws();
                    if (!token(parameter.value())) {
                        return false;
                    }
                }
            }
            skipOws();
            return atEnd() || delimiter(',');
        }

        /** Whether the text here is exactly {@code token}, not followed by another token character. */
        private boolean token(String token) {
            int end = this.pos + token.length();
            if (!this.text.startsWith(token, this.pos)
                    || (end < this.text.length() && HttpTokens.isTokenChar(this.text.charAt(end)))) {
                return false;
            }
            this.pos = end;
            return true;
        }

        private boolean delimiter(char c) {
            if (atEnd() || this.text.charAt(this.pos) != c) {
                return false;
            }
            this.pos++;
            return true;
        }

        private void skipOws() {
            this.pos = HttpTokens.owsEnd(this.text, this.pos, this.text.length());
        }
    }
}
