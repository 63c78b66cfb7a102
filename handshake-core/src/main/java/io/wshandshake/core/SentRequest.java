package io.wshandshake.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The key and the offers of a request another client sent, read from its header map in one pass (names in any case,
 * several lines of one header as one list; null names, lists and lines ignored). A client that offers a validator's
 * own offers, the common case, sends the same text on every connect: {@link #carries(OfferSet)} finds those offers
 * again by comparing that text in place, so they are prepared once, when the validator is built, instead of parsed
 * and checked on every connect. Any other text, or one the comparison is not sure of, is parsed in full.
 */
final class SentRequest {

    private static final int KEY = 0;

    private static final int PROTOCOL = 1;

    private static final int EXTENSIONS = 2;

    private List<String> keys = List.of();

    /** When rewriting: the name of the first {@code Sec-WebSocket-Key} entry, the one the new key goes into. */
    private String keyName;

    private List<String> protocols = List.of();

    /**
     * The lines of the one {@code Sec-WebSocket-Protocol} entry as the map held them, before any rewrite; {@code null}
     * when there were several entries or a null line. A client that writes one line per subprotocol (Tomcat's list,
     * Jetty's fields) holds exactly the offers here.
     */
    private @Nullable List<String> protocolLines;

    private List<String> extensions = List.of();

    SentRequest(Map<String, List<String>> requestHeaders) {
        this(requestHeaders, false);
    }

    /**
     * Reads the request in one pass and, when {@code rewrite}, writes it as it is to go out in the same pass: every
     * {@code Sec-WebSocket-Key} but the first is removed (the caller gives that one its own key), and a {@code Sec-WebSocket-Protocol} of several
     * lines becomes one line. A value is fetched only for the names the handshake concerns: some maps (Jetty's) build
     * a view of the lines on every {@code getValue}.
     */
    private SentRequest(Map<String, List<String>> requestHeaders, boolean rewrite) {
        String protocolName = null;
        String protocolLine = null;
        for (Iterator<Map.Entry<String, List<String>>> entries = requestHeaders.entrySet().iterator(); entries
                .hasNext();) {
            Map.Entry<String, List<String>> header = entries.next();
            int which = which(header.getKey());
            if (which == KEY && rewrite) {
                // The first is kept, to be given the new key in place, which saves a removal and an insertion.
                if (this.keyName == null) {
                    this.keyName = header.getKey();
                }
                else {
                    entries.remove();
                }
                continue;
            }
            List<String> lines = (which < 0) ? null : header.getValue();
            if (lines == null || lines.isEmpty()) {
                continue;
            }
            switch (which) {
                case KEY -> this.keys = joined(this.keys, lines);
                case PROTOCOL -> {
                    this.protocolLines = (this.protocols.isEmpty() && !hasNull(lines)) ? lines : null;
                    if (rewrite && lines.size() > 1) {
                        protocolName = header.getKey();
                        protocolLine = oneLine(lines);
                        lines = List.of(protocolLine);
                    }
                    this.protocols = joined(this.protocols, lines);
                }
                default -> this.extensions = joined(this.extensions, lines);
            }
        }
        if (protocolName != null) {
            // After the pass: a map may not take a write while it is walked. The name is there, so no entry is added.
            requestHeaders.put(protocolName, List.of(protocolLine));
        }
    }

    /**
     * Reads the request as {@link #SentRequest(Map)} does and, in the same pass, removes every
     * {@code Sec-WebSocket-Key} but the first and writes a {@code Sec-WebSocket-Protocol} of several lines as one
     * line; then puts {@code key} as the one {@code Sec-WebSocket-Key}.
     */
    static SentRequest rewriting(Map<String, List<String>> requestHeaders, String key) {
        SentRequest request = new SentRequest(requestHeaders, true);
        String name = (request.keyName != null) ? request.keyName : HandshakeValidator.SEC_WEBSOCKET_KEY;
        requestHeaders.put(name, List.of(key));
        return request;
    }

    /** Which of the three request headers read {@code name} is, or -1; the length picks the one to compare. */
    private static int which(String name) {
        if (name == null) {
            return -1;
        }
        return switch (name.length()) {
            case 17 -> HttpTokens.isFieldName(name, HandshakeValidator.SEC_WEBSOCKET_KEY, "sec-websocket-key") ? KEY
                    : -1;
            case 22 -> HttpTokens.isFieldName(name, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL, "sec-websocket-protocol")
                    ? PROTOCOL : -1;
            case 24 -> HttpTokens.isFieldName(name, ResponseHeaders.SEC_WEBSOCKET_EXTENSIONS,
                    "sec-websocket-extensions") ? EXTENSIONS : -1;
            default -> -1;
        };
    }

    /** The lines of a list header as one line (RFC 9110 section 5.3), null lines left out. */
    private static String oneLine(List<String> lines) {
        StringBuilder line = new StringBuilder();
        for (String part : lines) {
            if (part != null) {
                if (line.length() > 0) {
                    line.append(", ");
                }
                line.append(part);
            }
        }
        return line.toString();
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
        return carriesSubprotocols(offers.subprotocols())
                && (this.extensions.equals(offers.compactExtensions()) || carriesExtensions(offers.extensions()));
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
        if (offered.equals(this.protocolLines)) {
            return true;
        }
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
