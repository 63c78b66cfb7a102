package io.wshandshake.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.NegotiatedExtension;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.HandshakeResponse;

import org.springframework.http.HttpHeaders;

/**
 * The JSR-356 side of an attempt: puts the caller's headers and a {@code SecureRandom} key on the request the
 * container built and records what was sent; validates the answer against it before the container opens a session.
 * <p>
 * The container calls {@code beforeRequest} again for each redirect it follows, without saying where the hop goes:
 * the caller's own headers ({@code Authorization}, {@code Cookie}, ...) go only on hops with the first request's
 * {@code Host}, and on no redirected hop of a {@code wss://} connection, whose next scheme cannot be seen and may be
 * plain {@code ws://}.
 */
final class ValidatingConfigurator extends ClientEndpointConfig.Configurator {

    private static final String HOST = "Host";

    private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private final HttpHeaders headers;

    private final HandshakeAttempt attempt;

    private final HandshakeValidator validator;

    private final boolean secure;

    private final boolean jetty;

    private List<String> firstHost;

    ValidatingConfigurator(HttpHeaders headers, HandshakeAttempt attempt, HandshakeValidator validator,
            boolean secure, boolean jetty) {
        this.headers = Objects.requireNonNull(headers);
        this.attempt = attempt;
        this.validator = validator;
        this.secure = secure;
        this.jetty = jetty;
    }

    @Override
    public void beforeRequest(Map<String, List<String>> requestHeaders) {
        List<String> host = hostOf(requestHeaders);
        boolean redirected = (this.firstHost != null);
        if (!redirected) {
            this.firstHost = host;
        }
        if (!redirected || (!this.secure && this.firstHost.equals(host))) {
            this.headers.forEach(requestHeaders::put);
        }
        joinHeader(requestHeaders, SEC_WEBSOCKET_PROTOCOL);
        removeHeader(requestHeaders, SEC_WEBSOCKET_KEY);
        requestHeaders.put(SEC_WEBSOCKET_KEY, List.of(this.validator.beginClientHandshake().key()));
        this.attempt.requestSent(this.validator.clientHandshake(requestHeaders));
    }

    /**
     * Validates the 101 answer against what was sent. On success the result goes into the session attributes, and,
     * where the container's header map can be written (Tomcat's), the subprotocol and extension headers are
     * rewritten in the canonical form the container's own, weaker parser reads; on failure the
     * {@link io.wshandshake.core.HandshakeException} propagates and the container closes the socket.
     * <p>
     * Jetty's map is read-only, and Jetty has parsed the answer and built its extension stack from the offer
     * before it calls this: nothing is rewritten there, and an answer its permessage-deflate cannot honour is
     * refused here. Jetty also calls this for answers it refused itself (any status but 101 included) and only logs
     * what is thrown, so the verdict is recorded on the attempt as well.
     */
    @Override
    public void afterResponse(HandshakeResponse response) {
        Map<String, List<String>> headers = response.getHeaders();
        HandshakeResult validated;
        try {
            validated = this.validator.endClientHandshake(this.attempt.sent(), 101, headers);
            if (this.jetty) {
                JettySupport.checkAnswer(this.attempt.sent(), validated);
            }
        }
        catch (HandshakeException ex) {
            this.attempt.rejected(ex);
            throw ex;
        }
        if (!this.jetty) {
            removeHeader(headers, SEC_WEBSOCKET_PROTOCOL);
            validated.subprotocol().ifPresent(
                    subprotocol -> headers.put(SEC_WEBSOCKET_PROTOCOL, List.of(subprotocol)));
            removeHeader(headers, SEC_WEBSOCKET_EXTENSIONS);
            if (!validated.extensions().isEmpty()) {
                headers.put(SEC_WEBSOCKET_EXTENSIONS, List.of(canonical(validated.extensions())));
            }
        }
        this.attempt.validated(validated);
    }

    private static String canonical(List<NegotiatedExtension> extensions) {
        StringBuilder header = new StringBuilder();
        for (NegotiatedExtension extension : extensions) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(extension.answer());
        }
        return header.toString();
    }

    private static List<String> hostOf(Map<String, List<String>> requestHeaders) {
        for (Map.Entry<String, List<String>> header : requestHeaders.entrySet()) {
            if (HOST.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return List.copyOf(header.getValue());
            }
        }
        return List.of();
    }

    /**
     * Puts a list header's values on one line: Jetty sends one {@code Sec-WebSocket-Protocol} line per subprotocol,
     * and servers such as Reactor Netty read only the first line (RFC 9110 section 5.3 lets a sender combine them).
     */
    private static void joinHeader(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && header.getValue().size() > 1) {
                String key = header.getKey();
                String joined = String.join(", ", header.getValue());
                headers.put(key, List.of(joined));
                return;
            }
        }
    }

    private static void removeHeader(Map<String, List<String>> headers, String name) {
        headers.entrySet().removeIf(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name));
    }
}
