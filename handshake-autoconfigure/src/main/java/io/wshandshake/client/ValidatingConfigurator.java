package io.wshandshake.client;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.wshandshake.core.ExtensionParameter;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.PerMessageDeflateParameters;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.HandshakeResponse;
import org.jspecify.annotations.Nullable;

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

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

    private final HttpHeaders headers;

    private final HandshakeAttempt attempt;

    private final HandshakeValidator validator;

    private final boolean secure;

    private final boolean jetty;

    /** The {@code Host} of the first request, looked for only when there are caller's headers to send. */
    private @Nullable List<String> firstHost;

    /** How many requests {@code beforeRequest} has seen: the first, then one per redirect the container follows. */
    private int requests;

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
        boolean redirected = this.requests++ > 0;
        // Skipped when there are none, as on most connects: then the Host need not be looked for, and
        // HttpHeaders.forEach would build a view of them even so.
        if (!this.headers.isEmpty()) {
            List<String> host = hostOf(requestHeaders);
            if (!redirected) {
                this.firstHost = host;
            }
            if (!redirected || (!this.secure && host.equals(this.firstHost))) {
                this.headers.forEach(requestHeaders::put);
            }
        }
        // One pass over the request: the key written (and remembered), Sec-WebSocket-Protocol on one line, the
        // offers read back as they will be sent.
        this.attempt.requestSent(this.validator.beginClientHandshake(requestHeaders));
    }

    /**
     * Validates the 101 answer against what was sent. On success the result goes into the session attributes, and,
     * where the container's header map can be written (Tomcat's), the subprotocol and extension headers are
     * rewritten in the canonical form the container's own, weaker parser reads, with the effective parameters the
     * container builds its compressor from; on failure the {@link io.wshandshake.core.HandshakeException}, told with
     * the URI and any deciding property, propagates and the container closes the socket.
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
            HandshakeException rejected = HandshakeFailures.inContext(ex, this.attempt.context().uri());
            this.attempt.rejected(rejected);
            throw rejected;
        }
        if (!this.jetty) {
            canonicalize(headers, validated);
        }
        this.attempt.validated(validated);
    }

    /**
     * Leaves the subprotocol and extension headers in the canonical form of {@code validated}, found in one pass over
     * the answer: rewritten only when they are not in it already, which saves writing the container's map on most
     * connects.
     */
    private static void canonicalize(Map<String, List<String>> headers, HandshakeResult validated) {
        List<String> protocol = null;
        List<String> extensionLines = null;
        boolean protocolRepeated = false;
        boolean extensionsRepeated = false;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (name == null) {
                continue;
            }
            if (name.length() == SEC_WEBSOCKET_PROTOCOL.length() && name.equalsIgnoreCase(SEC_WEBSOCKET_PROTOCOL)) {
                protocolRepeated |= protocol != null;
                protocol = lines(header);
            }
            else if (name.length() == SEC_WEBSOCKET_EXTENSIONS.length()
                    && name.equalsIgnoreCase(SEC_WEBSOCKET_EXTENSIONS)) {
                extensionsRepeated |= extensionLines != null;
                extensionLines = lines(header);
            }
        }
        String subprotocol = validated.subprotocol().orElse(null);
        boolean protocolIsCanonical = (protocol == null) ? subprotocol == null
                : !protocolRepeated && subprotocol != null && protocol.size() == 1
                        && subprotocol.equals(protocol.get(0));
        if (!protocolIsCanonical) {
            removeHeader(headers, SEC_WEBSOCKET_PROTOCOL);
            if (subprotocol != null) {
                headers.put(SEC_WEBSOCKET_PROTOCOL, List.of(subprotocol));
            }
        }
        List<NegotiatedExtension> extensions = validated.extensions();
        boolean extensionsAreCanonical = (extensionLines == null) ? extensions.isEmpty()
                : !extensionsRepeated && !extensions.isEmpty() && extensionLines.size() == 1
                        && isCanonical(extensionLines.get(0), extensions);
        if (!extensionsAreCanonical) {
            removeHeader(headers, SEC_WEBSOCKET_EXTENSIONS);
            if (!extensions.isEmpty()) {
                headers.put(SEC_WEBSOCKET_EXTENSIONS, List.of(canonical(extensions)));
            }
        }
    }

    private static List<String> lines(Map.Entry<String, List<String>> header) {
        List<String> lines = header.getValue();
        return (lines != null) ? lines : List.of();
    }

    /** Whether {@code line} is exactly what {@link #canonical(List)} writes, compared without writing it. */
    private static boolean isCanonical(String line, List<NegotiatedExtension> extensions) {
        if (line == null) {
            return false;
        }
        int pos = 0;
        for (int i = 0; i < extensions.size(); i++) {
            NegotiatedExtension extension = extensions.get(i);
            pos = (i == 0) ? 0 : next(line, pos, ", ");
            pos = next(line, pos, extension.name());
            for (ExtensionParameter parameter : extension.parameters()) {
                pos = next(line, next(line, pos, "; "), parameter.name());
                if (parameter.hasValue()) {
                    pos = next(line, next(line, pos, "="), parameter.value());
                }
            }
            if (owesNoContextTakeover(extension)) {
                pos = next(line, next(line, pos, "; "), CLIENT_NO_CONTEXT_TAKEOVER);
            }
        }
        return pos == line.length();
    }

    /** The position after {@code part} when {@code line} has it at {@code pos}, else past any end. */
    private static int next(String line, int pos, String part) {
        return (pos <= line.length() && line.startsWith(part, pos)) ? pos + part.length() : Integer.MAX_VALUE / 2;
    }

    private static String canonical(List<NegotiatedExtension> extensions) {
        StringBuilder header = new StringBuilder();
        for (NegotiatedExtension extension : extensions) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(extension.answer());
            if (owesNoContextTakeover(extension)) {
                header.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
            }
        }
        return header.toString();
    }

    /**
     * Whether the client must reset its compressor after each message though the answer does not say so: it offered
     * {@code client_no_context_takeover}, which binds it even unanswered (RFC 7692 section 7.1.1.2), and Tomcat
     * builds its compressor from the answer alone. (An offered {@code client_max_window_bits=N} needs nothing here:
     * on Tomcat N can only be 15, the JDK's window, see {@link TransportLimits}.)
     */
    private static boolean owesNoContextTakeover(NegotiatedExtension extension) {
        return PerMessageDeflateNegotiator.NAME.equals(extension.name())
                && extension.answer().parameter(CLIENT_NO_CONTEXT_TAKEOVER).isEmpty()
                && extension.agreement(PerMessageDeflateParameters.class)
                        .map(PerMessageDeflateParameters::clientNoContextTakeover).orElse(false);
    }

    private static List<String> hostOf(Map<String, List<String>> requestHeaders) {
        for (Map.Entry<String, List<String>> header : requestHeaders.entrySet()) {
            if (HOST.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return List.copyOf(header.getValue());
            }
        }
        return List.of();
    }

    private static void removeHeader(Map<String, List<String>> headers, String name) {
        for (Iterator<Map.Entry<String, List<String>>> entries = headers.entrySet().iterator(); entries.hasNext();) {
            String key = entries.next().getKey();
            if (key != null && key.equalsIgnoreCase(name)) {
                entries.remove();
            }
        }
    }
}
