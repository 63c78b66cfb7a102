package io.wshandshake.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The checks of RFC 6455 section 4.1 on a server's opening handshake answer, in the order the first failure is
 * reported: status, header size, header names and values (RFC 9110 sections 5.1 and 5.5), {@code Upgrade},
 * {@code Connection}, {@code Sec-WebSocket-Accept}, subprotocol syntax,
 * extensions syntax, subprotocol choice, extension choice and parameters.
 * <p>
 * Over HTTP/2 (RFC 8441 section 5) the status is 200, and the {@code Upgrade}, {@code Connection} and
 * {@code Sec-WebSocket-Accept} checks give way to one: no connection-specific field (RFC 9113 section 8.2.2). The
 * rest is the same code, so both modes reach one verdict on the subprotocol and extensions.
 */
final class ResponseValidation {

    private static final int SWITCHING_PROTOCOLS = 101;

    private static final int OK = 200;

    /** The connection-specific fields RFC 9113 section 8.2.2 forbids besides {@code Upgrade} and {@code Connection}. */
    private static final List<String> CONNECTION_SPECIFIC = List.of("Keep-Alive", "Proxy-Connection",
            "Transfer-Encoding");

    private final ExtensionSelection extensionSelection;

    private final boolean subprotocolRequired;

    private final int maxHeaderSize;

    ResponseValidation(ExtensionSelection extensionSelection, boolean subprotocolRequired, int maxHeaderSize) {
        this.extensionSelection = extensionSelection;
        this.subprotocolRequired = subprotocolRequired;
        this.maxHeaderSize = maxHeaderSize;
    }

    /** @param key the key that was sent; {@code null} over HTTP/2, which sends none */
    HandshakeResult validate(HandshakeMode mode, @Nullable String key, OfferSet offers, int status,
            Map<String, List<String>> responseHeaders) {
        checkStatus(mode, status);
        ResponseHeaders headers = new ResponseHeaders(responseHeaders, this.maxHeaderSize);
        if (headers.size > this.maxHeaderSize) {
            throw new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers take at least "
                    + headers.size + " characters, more than the limit of " + this.maxHeaderSize);
        }
        if (headers.malformedSeen || mode == HandshakeMode.HTTP_2) {
            // Over HTTP/2 a Sec-WebSocket-Accept is not checked, so nothing else reads its lines.
            headers.checkWellFormed();
        }
        try {
            if (mode == HandshakeMode.HTTP_2) {
                checkNoConnectionSpecificFields(headers, responseHeaders);
            }
            else {
                checkUpgrade(headers.upgrade);
                checkConnection(headers.connection);
                checkAccept(Objects.requireNonNull(key, "key"), headers.accept);
            }
            String subprotocol = parseSubprotocol(headers.protocol);
            List<NegotiatedExtension> extensions = selectExtensions(offers, headers.extensions, subprotocol);
            int subprotocolIndex = chooseSubprotocol(offers.subprotocols(), subprotocol);
            return new HandshakeResult(subprotocol, subprotocolIndex, extensions);
        }
        catch (RuntimeException refusal) {
            // The lines the gathering left to these checks: a malformed one is the first verdict, as if scanned.
            headers.checkWellFormed();
            throw refusal;
        }
    }

    private static void checkStatus(HandshakeMode mode, int status) {
        int expected = (mode == HandshakeMode.HTTP_2) ? OK : SWITCHING_PROTOCOLS;
        if (status != expected) {
            boolean code = HandshakeException.isStatusCode(status);
            throw new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null,
                    code ? null : String.valueOf(status), code ? status : HandshakeException.NO_STATUS,
                    (mode == HandshakeMode.HTTP_2)
                            ? "Expected status 200 to the extended CONNECT over HTTP/2 (RFC 8441 section 5), got "
                                    + status
                            : "Expected status 101 Switching Protocols, got " + status, null);
        }
    }

    /**
     * RFC 9113 section 8.2.2: an HTTP/2 message with a connection-specific field is malformed. Its {@code Upgrade} or
     * {@code Connection} would also say the server answered as if over HTTP/1.1, which this answer is not judged as.
     */
    private static void checkNoConnectionSpecificFields(ResponseHeaders headers,
            Map<String, List<String>> responseHeaders) {
        if (!headers.connection.isEmpty()) {
            throw connectionSpecific(ResponseHeaders.CONNECTION, headers.connection);
        }
        if (!headers.upgrade.isEmpty()) {
            throw connectionSpecific(ResponseHeaders.UPGRADE, headers.upgrade);
        }
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            String name = header.getKey();
            List<String> lines = header.getValue();
            if (name == null || lines == null || !hasLine(lines)) {
                continue;
            }
            for (String forbidden : CONNECTION_SPECIFIC) {
                if (HttpTokens.equalsIgnoreAsciiCase(name, forbidden)) {
                    throw connectionSpecific(forbidden, lines);
                }
            }
        }
    }

    private static boolean hasLine(List<String> lines) {
        for (String line : lines) {
            if (line != null) {
                return true;
            }
        }
        return false;
    }

    private static HandshakeException connectionSpecific(String header, List<String> lines) {
        List<String> present = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line != null) {
                present.add(line);
            }
        }
        return new HandshakeException(FailureReason.RESPONSE_MALFORMED, header, joined(present), header
                + " is a connection-specific field, which an HTTP/2 answer must not carry (RFC 9113 section 8.2.2), "
                + "got " + quoteLines(present), null);
    }

    private static void checkUpgrade(List<String> lines) {
        if (!ResponseHeaders.isSingleElement(lines, "websocket")) {
            throw new HandshakeException(FailureReason.UPGRADE_INVALID, ResponseHeaders.UPGRADE, joined(lines),
                    lines.isEmpty() ? "Upgrade header is missing"
                            : "Upgrade must be the single value \"websocket\", got " + quoteLines(lines), null);
        }
    }

    private static void checkConnection(List<String> lines) {
        if (ResponseHeaders.containsElement(lines, "upgrade")) {
            return;
        }
        throw new HandshakeException(FailureReason.CONNECTION_INVALID, ResponseHeaders.CONNECTION, joined(lines),
                lines.isEmpty() ? "Connection header is missing"
                        : "Connection must include the token \"upgrade\", got " + quoteLines(lines), null);
    }

    private static void checkAccept(String key, List<String> lines) {
        if (lines.size() != 1) {
            throw new HandshakeException(FailureReason.ACCEPT_MISSING_OR_REPEATED,
                    ResponseHeaders.SEC_WEBSOCKET_ACCEPT, joined(lines), lines.isEmpty()
                            ? "Sec-WebSocket-Accept header is missing"
                            : "Sec-WebSocket-Accept must appear once, but appears on " + lines.size() + " lines", null);
        }
        String actual = lines.get(0);
        if (!SecWebSocketAccept.matches(key, actual)) {
            String expected = SecWebSocketAccept.forKey(key);
            actual = HttpTokens.trimOws(actual);
            throw new HandshakeException(FailureReason.ACCEPT_MISMATCH, ResponseHeaders.SEC_WEBSOCKET_ACCEPT, actual,
                    "Sec-WebSocket-Accept " + SafeText.quote(actual) + " does not match " + SafeText.quote(expected)
                            + ", the value for the key that was sent", null);
        }
    }

    /** The single token of {@code Sec-WebSocket-Protocol}, or {@code null} when the header is absent. */
    private static @Nullable String parseSubprotocol(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        if (lines.size() > 1) {
            throw new HandshakeException(FailureReason.SUBPROTOCOL_MALFORMED, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL,
                    joined(lines), "Sec-WebSocket-Protocol must be one token on one line, but appears on "
                            + lines.size() + " lines: " + quoteLines(lines), null);
        }
        String value = HttpTokens.trimOws(lines.get(0));
        if (!HttpTokens.isToken(value)) {
            throw new HandshakeException(FailureReason.SUBPROTOCOL_MALFORMED, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL,
                    lines.get(0), "Sec-WebSocket-Protocol must be a single token, got " + SafeText.quote(lines.get(0)),
                    null);
        }
        return value;
    }

    /**
     * Builds and selects the answered extensions in one pass. When an answer cannot be accepted, the rest of the
     * header is still checked against the grammar, and the subprotocol choice judged, before that refusal is
     * reported: the order of the rules holds without a second pass over valid answers.
     */
    private List<NegotiatedExtension> selectExtensions(OfferSet offers, List<String> lines,
            @Nullable String subprotocol) {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<NegotiatedExtension> extensions;
        try {
            extensions = this.extensionSelection.select(offers.extensions(), new ExtensionHeaderParser.Cursor(lines));
        }
        catch (HeaderSyntaxException ex) {
            throw malformedExtensions(ex);
        }
        catch (HandshakeException refusal) {
            checkExtensionsSyntax(lines);
            chooseSubprotocol(offers.subprotocols(), subprotocol);
            throw refusal;
        }
        if (extensions.isEmpty()) {
            // Only empty list elements: 1#extension needs one.
            checkExtensionsSyntax(lines);
        }
        return extensions;
    }

    private static void checkExtensionsSyntax(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            ExtensionHeaderParser.checkLines(lines);
        }
        catch (HeaderSyntaxException ex) {
            throw malformedExtensions(ex);
        }
    }

    private static HandshakeException malformedExtensions(HeaderSyntaxException ex) {
        return new HandshakeException(FailureReason.EXTENSIONS_MALFORMED, ResponseHeaders.SEC_WEBSOCKET_EXTENSIONS,
                ex.value(), "Sec-WebSocket-Extensions " + SafeText.quote(ex.value()) + " is malformed: "
                        + ex.getMessage(), null);
    }

    private int chooseSubprotocol(List<String> offered, @Nullable String chosen) {
        if (chosen == null) {
            if (this.subprotocolRequired && !offered.isEmpty()) {
                throw new HandshakeException(FailureReason.SUBPROTOCOL_MISSING, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL,
                        "The server chose no subprotocol, but one of " + offered + " is required");
            }
            return -1;
        }
        int index = offered.indexOf(chosen);
        if (index < 0) {
            throw new HandshakeException(FailureReason.SUBPROTOCOL_NOT_OFFERED, ResponseHeaders.SEC_WEBSOCKET_PROTOCOL,
                    chosen, offered.isEmpty()
                            ? "The server chose subprotocol " + SafeText.quote(chosen) + ", but none was offered"
                            : "The server chose subprotocol " + SafeText.quote(chosen) + ", which is not one of "
                                    + offered, null);
        }
        return index;
    }

    /** The lines of one header as one value, {@code null} when the header is absent. */
    private static @Nullable String joined(List<String> lines) {
        return lines.isEmpty() ? null : String.join(", ", lines);
    }

    private static String quoteLines(List<String> lines) {
        return SafeText.quote(String.join(", ", lines));
    }
}
