package io.wshandshake.client.reactive;

import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.wshandshake.client.RedactedException;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Netty's own refusals of an answer, in the {@link HandshakeException} taxonomy. The validator judges every answer
 * before Netty does (see {@link ReactorNettyHandshakeHandler}), so these are the answers it accepted and Netty still
 * refused: its handshaker's checks ({@code WebSocketClientHandshakeException}, whose messages are the only record
 * of which check failed) and its extension handler's ({@code CodecException}).
 */
final class ReactorNettyRefusals {

    private ReactorNettyRefusals() {
    }

    /** The refusal {@code error} stands for, or {@code null} when it is no refusal of the answer. */
    static @Nullable HandshakeException of(Throwable error, RedactedException redacted) {
        String message = String.valueOf(error.getMessage());
        if (error instanceof WebSocketClientHandshakeException) {
            FailureReason reason = handshakerReason(message);
            if (reason == null) {
                return null;
            }
            return new HandshakeException(reason, header(reason), "Reactor Netty refused the server's answer: "
                    + redacted.getMessage(), redacted);
        }
        if (error instanceof CodecException && message.contains("WebSocket Extension handshake")) {
            return new HandshakeException(FailureReason.EXTENSION_PARAMETERS_REJECTED, "Sec-WebSocket-Extensions",
                    "Reactor Netty refused the negotiated extensions: " + redacted.getMessage(), redacted);
        }
        return null;
    }

    private static @Nullable FailureReason handshakerReason(String message) {
        if (message.startsWith("Invalid subprotocol")) {
            // Netty's HTTP/1.1 handshaker says "Actual: null", Reactor Netty's HTTP/2 one "Actual [null]".
            return (message.contains("Actual: null") || message.contains("Actual [null]"))
                    ? FailureReason.SUBPROTOCOL_MISSING : FailureReason.SUBPROTOCOL_NOT_OFFERED;
        }
        if (message.startsWith("Invalid handshake response getStatus")) {
            return FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS;
        }
        if (message.startsWith("Invalid handshake response upgrade")) {
            return FailureReason.UPGRADE_INVALID;
        }
        if (message.startsWith("Invalid handshake response connection")) {
            return FailureReason.CONNECTION_INVALID;
        }
        if (message.startsWith("Invalid challenge")) {
            return FailureReason.ACCEPT_MISMATCH;
        }
        // "Connection prematurely closed BEFORE opening handshake is complete": a transport failure.
        return null;
    }

    private static @Nullable String header(FailureReason reason) {
        return switch (reason) {
            case SUBPROTOCOL_MISSING, SUBPROTOCOL_NOT_OFFERED -> "Sec-WebSocket-Protocol";
            case UPGRADE_INVALID -> "Upgrade";
            case CONNECTION_INVALID -> "Connection";
            case ACCEPT_MISMATCH -> "Sec-WebSocket-Accept";
            default -> null;
        };
    }
}
