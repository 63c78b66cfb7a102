package io.wshandshake.client;

import java.net.URI;

import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.SafeText;
import org.jspecify.annotations.Nullable;

/**
 * What the Spring layer adds to the engine's failures, which know neither properties nor URIs: the property that
 * decided the outcome, where one did, and the connection's URI without credentials.
 */
final class HandshakeFailures {

    private HandshakeFailures() {
    }

    /**
     * The engine's failure told for this connection: the same reason, header, value and status, the message with
     * the deciding property and the URI (scheme, host, port and path only) added, and the engine's failure as the
     * cause, so its stack trace still shows where the rule was checked.
     */
    static HandshakeException inContext(HandshakeException failure, URI uri) {
        String property = decidingProperty(failure.reason());
        String message = failure.getMessage() + ((property != null) ? " (" + property + ")" : "")
                + ", in the answer from " + SafeText.uri(uri);
        return new HandshakeException(failure.reason(), failure.header().orElse(null),
                failure.value().orElse(null), failure.status().orElse(HandshakeException.NO_STATUS), message,
                failure);
    }

    /** The property whose value makes this a failure rather than an accepted answer, if one does. */
    private static @Nullable String decidingProperty(FailureReason reason) {
        return switch (reason) {
            case SUBPROTOCOL_MISSING -> "handshake.subprotocol-required=true";
            case HEADERS_TOO_LARGE -> "handshake.max-response-header-size";
            default -> null;
        };
    }
}
