package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.core.SafeText;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows of Jetty 12.1's JSR-356 client container, kept apart so that nothing of Jetty loads without
 * Jetty: how to build one (TLS comes from its {@code HttpClient}, not from {@code ClientEndpointConfig}), its
 * lifecycle, its refusals, and what its permessage-deflate can honour.
 * <p>
 * Read from Jetty 12.1.10 and checked by the tests: Jetty calls {@code afterResponse} with a read-only header map,
 * after its own checks of {@code Connection}, the Accept hash (against the key actually sent), the subprotocol and
 * the extension names, and also for answers it refuses (any status but 101 included), where what the configurator
 * throws is only logged. Its extension stack is built from the client's offer, not from the answer; its
 * permessage-deflate ignores window sizes (the JDK's {@code Deflater} always uses 15 bits) and applies
 * {@code client_no_context_takeover} to its inflater and {@code server_no_context_takeover} to its deflater.
 */
final class JettySupport {

    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private JettySupport() {
    }

    static boolean isJetty(WebSocketContainer container) {
        return ClientContainer.of(container) == ClientContainer.JETTY;
    }

    /**
     * A new, started container on its own {@code HttpClient}: TLS from {@code sslContext} (the JDK's defaults when
     * {@code null}), no redirects followed, and a connect and idle timeout a little past the overall deadline, so
     * that a connect the deadline could not interrupt still ends and closes its socket.
     */
    static WebSocketContainer create(SSLContext sslContext, Duration deadline, int maxResponseHeaderSize) {
        return Jetty.create(sslContext, deadline.toMillis() + 1000, maxResponseHeaderSize);
    }

    /** Stops a Jetty container: closes its sessions and stops its {@code HttpClient} and threads. */
    static void stop(WebSocketContainer container) {
        if (isJetty(container)) {
            Jetty.stop(container);
        }
    }

    /**
     * Whether the answer asks for what Jetty's permessage-deflate cannot do: an answer with
     * {@code client_no_context_takeover} makes the server reset its inflater after each message, but Jetty's client
     * keeps its deflater's context unless its offer said {@code server_no_context_takeover} (which Jetty applies to
     * its own deflater).
     * @throws HandshakeException with {@code EXTENSION_PARAMETERS_REJECTED} if Jetty cannot honour the answer
     */
    static void checkAnswer(ClientHandshake sent, HandshakeResult result) {
        for (NegotiatedExtension extension : result.extensions()) {
            if (!PerMessageDeflateNegotiator.NAME.equals(extension.name())) {
                continue;
            }
            boolean clientResets = extension.agreement(PerMessageDeflateParameters.class)
                    .map(PerMessageDeflateParameters::clientNoContextTakeover).orElse(false);
            ExtensionElement offer = sent.extensions().get(extension.offerIndex());
            if (clientResets && offer.parameter(SERVER_NO_CONTEXT_TAKEOVER).isEmpty()) {
                throw new HandshakeException(FailureReason.EXTENSION_PARAMETERS_REJECTED, SEC_WEBSOCKET_EXTENSIONS,
                        "The server answered permessage-deflate with " + CLIENT_NO_CONTEXT_TAKEOVER + " in "
                                + SafeText.quote(extension.answer().toString()) + ", which Jetty's client cannot "
                                + "honour unless it offered " + SERVER_NO_CONTEXT_TAKEOVER);
            }
        }
    }

    /**
     * Jetty's refusal of the answer in the client's taxonomy, or {@code null} when {@code failure} is not one
     * (a transport failure, or not Jetty's): a status other than 101 is {@code STATUS_NOT_SWITCHING_PROTOCOLS}
     * with that status, and so is a head Jetty's parser refused (then without a status: Jetty puts its own 400 on
     * the response); a refused 101 is the validator's own verdict ({@code rejected}, from the
     * {@code afterResponse} Jetty calls after refusing) when there is one, else what Jetty's message names, else,
     * when the validator accepted the answer, {@code EXTENSION_PARAMETERS_REJECTED}.
     */
    static @Nullable HandshakeException refusal(Throwable failure, URI uri, @Nullable HandshakeException rejected,
            boolean validated, RedactedException redacted) {
        Throwable upgrade = find(failure, "org.eclipse.jetty.websocket.core.exception.UpgradeException");
        if (upgrade == null) {
            return null;
        }
        int status = Jetty.status(upgrade);
        if (status <= 0) {
            return null;
        }
        if (Jetty.notHttp11(failure)) {
            return new HandshakeException(FailureReason.RESPONSE_MALFORMED, null, null, status, "The server at "
                    + SafeText.uri(uri) + " switched protocols in another version than HTTP/1.1, where Upgrade does "
                    + "not exist (RFC 9110 section 7.8)", redacted);
        }
        Throwable violation = find(failure, "org.eclipse.jetty.client.HttpResponseException");
        Throwable badResponse = (violation != null)
                ? find(violation.getCause(), "org.eclipse.jetty.http.HttpException$RuntimeException") : null;
        if (badResponse != null) {
            // Jetty's HTTP parser refused the response head ("HTTP protocol violation"); the status Jetty reports
            // is the status line's, or 400 when it could not read one: the server sent no such status.
            String reason = String.valueOf(badResponse.getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("too large")) {
                return new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers from "
                        + SafeText.uri(uri) + " exceed the container's limit (handshake.max-response-header-size)",
                        redacted);
            }
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, "The server at "
                    + SafeText.uri(uri) + " sent a response head that Jetty's HTTP parser refused: "
                    + SafeText.quote(new Redaction(uri).text(reason)), redacted);
        }
        if (status != 101 && find(failure, "org.eclipse.jetty.http.HttpException") != null) {
            // The same refusal reached us another way: Jetty put its own 400 on the response.
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, "Jetty's HTTP parser "
                    + "refused the answer from " + SafeText.uri(uri) + " as malformed: " + redacted.getMessage(),
                    redacted);
        }
        if (status != 101) {
            int code = HandshakeException.isStatusCode(status) ? status : HandshakeException.NO_STATUS;
            String location = Jetty.redirectLocation(failure);
            if (location != null) {
                return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, "Location", location,
                        code, "The server at " + SafeText.uri(uri) + " answered with a redirect (" + status + ") to "
                        + SafeText.quote(new Redaction(uri).text(location)) + ", and the client follows at most 0 "
                        + "on Jetty's container (handshake.connect.max-redirects)", redacted);
            }
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, null, code,
                    "The server at "
                    + SafeText.uri(uri) + " did not switch protocols: it answered with status " + status, redacted);
        }
        if (rejected != null) {
            return rejected;
        }
        String message = String.valueOf(deepestMessage(upgrade)).toLowerCase(Locale.ROOT);
        FailureReason reason;
        String header = null;
        if (message.contains("accept")) {
            reason = FailureReason.ACCEPT_MISMATCH;
        }
        else if (message.contains("connection")) {
            reason = FailureReason.CONNECTION_INVALID;
        }
        else if (message.contains("subprotocol")) {
            reason = FailureReason.SUBPROTOCOL_NOT_OFFERED;
            header = "Sec-WebSocket-Protocol";
        }
        else if (message.contains("extension")) {
            reason = FailureReason.EXTENSION_PARAMETERS_REJECTED;
            header = SEC_WEBSOCKET_EXTENSIONS;
        }
        else if (validated) {
            // The validator accepted what Jetty's parser refuses, such as a quoted parameter value with spaces.
            reason = FailureReason.EXTENSION_PARAMETERS_REJECTED;
            header = SEC_WEBSOCKET_EXTENSIONS;
        }
        else {
            return null;
        }
        return new HandshakeException(reason, header, "Jetty's WebSocket client refused the answer from "
                + SafeText.uri(uri) + ": " + redacted.getMessage(), redacted);
    }

    /** The first exception in the cause chain that is a {@code typeName} (a class or an interface it implements). */
    private static @Nullable Throwable find(Throwable failure, String typeName) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (isNamed(type, typeName)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static boolean isNamed(Class<?> type, String typeName) {
        if (type.getName().equals(typeName)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isNamed(implemented, typeName)) {
                return true;
            }
        }
        return false;
    }

    private static String deepestMessage(Throwable failure) {
        String message = null;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /** Loaded only when Jetty is on the classpath. */
    private static final class Jetty {

        static WebSocketContainer create(SSLContext sslContext, long timeoutMillis, int maxResponseHeaderSize) {
            org.eclipse.jetty.client.HttpClient httpClient =
                    JettyClientSupport.httpClient(sslContext, timeoutMillis, maxResponseHeaderSize);
            org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainer container =
                    new org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainer(httpClient);
            // Jetty creates its core client (which starts the HttpClient) on first use, unsynchronized: concurrent
            // first connects may use one that is not started yet. Create it here, before the container starts it.
            container.getExecutor();
            org.eclipse.jetty.util.component.LifeCycle.start(container);
            return container;
        }

        static void stop(WebSocketContainer container) {
            if (container instanceof org.eclipse.jetty.util.component.LifeCycle lifeCycle) {
                org.eclipse.jetty.util.component.LifeCycle.stop(lifeCycle);
            }
        }

        /** The {@code Location} of a redirect {@link JettyUpgradeProtocolHandler} refused, else {@code null}. */
        static String redirectLocation(Throwable failure) {
            Throwable refused = find(failure, JettyUpgradeProtocolHandler.Refused.class.getName());
            return (refused != null) ? ((JettyUpgradeProtocolHandler.Refused) refused).location() : null;
        }

        /** Whether {@link JettyUpgradeProtocolHandler} refused a 101 in another version than HTTP/1.1. */
        static boolean notHttp11(Throwable failure) {
            return find(failure, JettyUpgradeProtocolHandler.NotHttp11.class.getName()) != null;
        }

        static int status(Throwable upgrade) {
            return ((org.eclipse.jetty.websocket.core.exception.UpgradeException) upgrade).getResponseStatusCode();
        }
    }
}
