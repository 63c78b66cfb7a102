package io.wshandshake.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateParameters;

import org.springframework.web.socket.WebSocketSession;

/**
 * The keys under which a validated handshake's result lands in {@link WebSocketSession#getAttributes()}, already
 * when {@code afterConnectionEstablished} runs.
 *
 * <pre>{@code
 * public void afterConnectionEstablished(WebSocketSession session) {
 *     HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
 *     String subprotocol = (String) session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HandshakeAttributes {

    /** The {@link HandshakeResult}; its key is the class name, {@code io.wshandshake.core.HandshakeResult}. */
    public static final String RESULT = HandshakeResult.class.getName();

    /** The negotiated subprotocol, a {@link String}; absent when none was negotiated. */
    public static final String SUBPROTOCOL = "io.wshandshake.subprotocol";

    /** The index of the negotiated subprotocol among those offered, an {@link Integer}; -1 when none. */
    public static final String SUBPROTOCOL_INDEX = "io.wshandshake.subprotocol-index";

    /** The negotiated extensions in the server's order, a {@code List<NegotiatedExtension>}; empty when none. */
    public static final String EXTENSIONS = "io.wshandshake.extensions";

    /** The permessage-deflate parameters, a {@link PerMessageDeflateParameters}; absent when not negotiated. */
    public static final String PER_MESSAGE_DEFLATE = "io.wshandshake.permessage-deflate";

    private HandshakeAttributes() {
    }

    /**
     * Puts every entry for {@code result} into {@code attributes}: what every validating client does before its
     * handler sees the session, servlet or reactive.
     * @since 0.3.0
     */
    public static void put(Map<String, Object> attributes, HandshakeResult result) {
        attributes.put(RESULT, result);
        attributes.put(SUBPROTOCOL_INDEX, result.subprotocolIndex());
        attributes.put(EXTENSIONS, result.extensions());
        result.subprotocol().ifPresent(subprotocol -> attributes.put(SUBPROTOCOL, subprotocol));
        result.perMessageDeflate().ifPresent(parameters -> attributes.put(PER_MESSAGE_DEFLATE, parameters));
    }

    /** The result of the handshake that opened {@code session}, if the session was opened by a validating client. */
    public static Optional<HandshakeResult> result(WebSocketSession session) {
        return (session.getAttributes().get(RESULT) instanceof HandshakeResult result) ? Optional.of(result)
                : Optional.empty();
    }

    /**
     * The result of the handshake in a session's {@code attributes}, for sessions that are no
     * {@link WebSocketSession}, such as WebFlux's reactive ones ({@code session.getAttributes()}).
     * @since 0.3.0
     */
    public static Optional<HandshakeResult> result(Map<String, Object> attributes) {
        return (attributes.get(RESULT) instanceof HandshakeResult result) ? Optional.of(result) : Optional.empty();
    }

    /** The negotiated extensions of {@code session}, empty when none or not validated. */
    @SuppressWarnings("unchecked")
    public static List<NegotiatedExtension> extensions(WebSocketSession session) {
        Object extensions = session.getAttributes().get(EXTENSIONS);
        return (extensions instanceof List<?>) ? (List<NegotiatedExtension>) extensions : List.of();
    }
}
