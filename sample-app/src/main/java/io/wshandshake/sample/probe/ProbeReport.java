package io.wshandshake.sample.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.SafeText;

/**
 * What a probe found, and its rendering as a report: the raw exchange, each check of RFC 6455 section 4.1 in the
 * order the validator makes them, and the negotiated result or the error.
 */
public final class ProbeReport {

    /** Exit code of a successful handshake. */
    public static final int EXIT_OK = 0;

    /** Exit code of a handshake the server answered wrongly (including any status but 101). */
    public static final int EXIT_HANDSHAKE_FAILURE = 2;

    /** Exit code when no answer could be read: refused, timeout, TLS, connection closed, oversized head. */
    public static final int EXIT_TRANSPORT_FAILURE = 3;

    /** The checks, in the order the validator makes them; a failure reason tells which one failed. */
    private static final List<String> CHECKS = List.of(
            "The answer's head is well-formed HTTP/1.1 (RFC 9112: no fold, no space before a colon, CRLF line ends)",
            "Status is 101 Switching Protocols",
            "Headers are within the size limit", "Upgrade is the single value websocket", "Connection includes the token upgrade",
            "Sec-WebSocket-Accept appears once and matches the key", "Sec-WebSocket-Protocol is one token",
            "Sec-WebSocket-Extensions follows the RFC 6455 section 9.1 grammar",
            "The chosen subprotocol was offered (or none, when none is required)",
            "The chosen extensions were offered, once each, with acceptable parameters");

    private static final int MAX_LINE = 2000;

    private final URI url;

    private final ClientHandshake handshake;

    private final String request;

    private final RawResponse response;

    private final HandshakeResult result;

    private final HandshakeException handshakeFailure;

    private final IOException transportFailure;

    private final String notSentBecause;

    private ProbeReport(URI url, ClientHandshake handshake, String request, RawResponse response,
            HandshakeResult result, HandshakeException handshakeFailure, IOException transportFailure,
            String notSentBecause) {
        this.url = url;
        this.handshake = handshake;
        this.request = request;
        this.response = response;
        this.result = result;
        this.handshakeFailure = handshakeFailure;
        this.transportFailure = transportFailure;
        this.notSentBecause = notSentBecause;
    }

    static ProbeReport success(URI url, ClientHandshake handshake, String request, RawResponse response,
            HandshakeResult result) {
        return new ProbeReport(url, handshake, request, response, result, null, null, null);
    }

    static ProbeReport handshakeFailure(URI url, ClientHandshake handshake, String request, RawResponse response,
            HandshakeException failure) {
        return new ProbeReport(url, handshake, request, response, null, failure, null, null);
    }

    static ProbeReport transportFailure(URI url, ClientHandshake handshake, String request, IOException failure) {
        return new ProbeReport(url, handshake, request, null, null, null, failure, null);
    }

    /** No request was sent: the connection or its TLS handshake failed ({@code why}, e.g. "could not connect"). */
    static ProbeReport notSent(URI url, ClientHandshake handshake, String why, IOException failure) {
        return new ProbeReport(url, handshake, null, null, null, null, failure, why);
    }

    /** The status line as the server sent it, empty when no answer was read. */
    public Optional<String> statusLine() {
        return Optional.ofNullable(this.response).map(RawResponse::statusLine);
    }

    /** The header lines as the server sent them, empty when no answer was read. */
    public List<String> headerLines() {
        return (this.response != null) ? this.response.headerLines() : List.of();
    }

    /** What was negotiated, when the handshake was valid. */
    public Optional<HandshakeResult> result() {
        return Optional.ofNullable(this.result);
    }

    /** Why the handshake was refused, when it was. */
    public Optional<HandshakeException> handshakeFailure() {
        return Optional.ofNullable(this.handshakeFailure);
    }

    public int exitCode() {
        if (this.transportFailure != null) {
            return EXIT_TRANSPORT_FAILURE;
        }
        return (this.handshakeFailure != null) ? EXIT_HANDSHAKE_FAILURE : EXIT_OK;
    }

    public void print(PrintStream out) {
        out.println("WebSocket handshake probe of " + this.url);
        out.println("Offered subprotocols: " + this.handshake.subprotocols());
        out.println("Offered extensions:   " + this.handshake.extensions());
        out.println();
        if (this.notSentBecause != null) {
            out.println("No request sent: " + this.notSentBecause + ": " + failureText());
            out.println();
            out.println("RESULT: TRANSPORT FAILURE (exit code " + EXIT_TRANSPORT_FAILURE + ")");
            return;
        }
        out.println("Request sent:");
        for (String line : this.request.split("\r\n")) {
            out.println("  > " + line);
        }
        out.println();
        if (this.transportFailure != null) {
            out.println("No answer: " + failureText());
            out.println();
            out.println("RESULT: TRANSPORT FAILURE (exit code " + EXIT_TRANSPORT_FAILURE + ")");
            return;
        }
        out.println("Response received (as sent, control characters escaped):");
        out.println("  < " + SafeText.escape(this.response.statusLine(), MAX_LINE));
        for (String line : this.response.headerLines()) {
            out.println("  < " + SafeText.escape(line, MAX_LINE));
        }
        out.println();
        out.println("Checks (RFC 9112, RFC 6455 section 4.1, RFC 7692 section 7.1), by the auto-configured client's rules "
                + "(a 15-bit client window, as its compressor has):");
        int failed = (this.handshakeFailure != null) ? checkIndex(this.handshakeFailure.reason()) : CHECKS.size();
        for (int i = 0; i < CHECKS.size(); i++) {
            if (i < failed) {
                out.println("  [PASS] " + CHECKS.get(i));
            }
            else if (i == failed) {
                out.println("  [FAIL] " + CHECKS.get(i));
                out.println("         " + this.handshakeFailure.getMessage());
            }
            else {
                out.println("  [SKIP] " + CHECKS.get(i) + " (not checked: an earlier check failed)");
            }
        }
        out.println();
        if (this.handshakeFailure != null) {
            out.println("RESULT: HANDSHAKE FAILURE " + this.handshakeFailure.error() + " ("
                    + this.handshakeFailure.reason() + "), exit code " + EXIT_HANDSHAKE_FAILURE);
            return;
        }
        out.println("Negotiated:");
        out.println("  subprotocol: " + this.result.subprotocol().map(subprotocol -> subprotocol + " (offer "
                + this.result.subprotocolIndex() + ")").orElse("none"));
        if (this.result.extensions().isEmpty()) {
            out.println("  extensions:  none");
        }
        for (NegotiatedExtension extension : this.result.extensions()) {
            out.println("  extension:   " + extension + " (offer " + extension.offerIndex() + ")");
        }
        this.result.perMessageDeflate().ifPresent(deflate -> out.println("  permessage-deflate: " + deflate));
        out.println();
        out.println("RESULT: OK (exit code " + EXIT_OK + ")");
    }

    private String failureText() {
        return SafeText.escape(String.valueOf(this.transportFailure.getMessage()), MAX_LINE) + " ("
                + this.transportFailure.getClass().getSimpleName() + ")";
    }

    private static int checkIndex(FailureReason reason) {
        return switch (reason) {
            case RESPONSE_MALFORMED -> 0;
            case STATUS_NOT_SWITCHING_PROTOCOLS -> 1;
            case HEADERS_TOO_LARGE -> 2;
            case UPGRADE_INVALID -> 3;
            case CONNECTION_INVALID -> 4;
            case ACCEPT_MISSING_OR_REPEATED, ACCEPT_MISMATCH -> 5;
            case SUBPROTOCOL_MALFORMED -> 6;
            case EXTENSIONS_MALFORMED -> 7;
            case SUBPROTOCOL_NOT_OFFERED, SUBPROTOCOL_MISSING -> 8;
            case EXTENSION_NOT_OFFERED, EXTENSION_REPEATED, EXTENSION_PARAMETERS_REJECTED,
                    EXTENSION_RSV_CONFLICT -> 9;
        };
    }
}
