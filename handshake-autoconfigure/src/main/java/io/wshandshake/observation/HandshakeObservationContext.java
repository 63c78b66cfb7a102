package io.wshandshake.observation;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.wshandshake.core.HandshakeResult;

import org.springframework.http.HttpHeaders;

/**
 * The context of one client handshake observation. Its carrier is the upgrade request's extra headers, so a tracing
 * handler's propagation fields (such as {@code traceparent}) travel on the upgrade request; its response is the
 * {@link HandshakeResult} of a successful handshake.
 *
 * @since 0.1.0
 */
public class HandshakeObservationContext extends RequestReplySenderContext<HttpHeaders, HandshakeResult> {

    /** The client kind of a context whose client named none. */
    private static final String OTHER_CLIENT_KIND = "other";

    private final URI uri;

    private final String clientKind;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    /**
     * @param carrier the headers the client adds to the upgrade request
     * @param uri the target URI
     * @param configuredSubprotocols the subprotocols configured for the client, the only ones tags may name
     * @param configuredExtensionNames the extension names configured for the client, the only ones tags may name
     */
    public HandshakeObservationContext(HttpHeaders carrier, URI uri, Set<String> configuredSubprotocols,
            Set<String> configuredExtensionNames) {
        this(carrier, OTHER_CLIENT_KIND, uri, configuredSubprotocols, configuredExtensionNames);
    }

    /**
     * @param carrier the headers the client adds to the upgrade request
     * @param clientKind the kind of client, a fixed word such as {@code tomcat}, {@code jetty} or
     * {@code reactor-netty} (see {@code HandshakeAttemptContext.clientKind()})
     * @param uri the target URI
     * @param configuredSubprotocols the subprotocols configured for the client, the only ones tags may name
     * @param configuredExtensionNames the extension names configured for the client, the only ones tags may name
     * @since 0.3.0
     */
    public HandshakeObservationContext(HttpHeaders carrier, String clientKind, URI uri,
            Set<String> configuredSubprotocols, Set<String> configuredExtensionNames) {
        super((headers, name, value) -> {
            if (headers != null) {
                headers.set(name, value);
            }
        }, Kind.CLIENT);
        setCarrier(carrier);
        setRemoteServiceAddress(uri.getScheme() + "://" + uri.getHost() + ":" + port(uri));
        this.uri = uri;
        this.clientKind = Objects.requireNonNull(clientKind, "clientKind");
        this.configuredSubprotocols = Set.copyOf(configuredSubprotocols);
        this.configuredExtensionNames = Set.copyOf(configuredExtensionNames);
    }

    /** The target URI as given by the caller. */
    public URI getUri() {
        return this.uri;
    }

    /**
     * The kind of client that makes the handshake, such as {@code tomcat}, {@code jetty} or {@code reactor-netty};
     * {@code other} when it named none.
     * @since 0.3.0
     */
    public String getClientKind() {
        return this.clientKind;
    }

    /** The subprotocols configured for the client. */
    public Set<String> getConfiguredSubprotocols() {
        return this.configuredSubprotocols;
    }

    /** The extension names configured for the client. */
    public Set<String> getConfiguredExtensionNames() {
        return this.configuredExtensionNames;
    }

    /** The URI's port, or the scheme's default: 443 for {@code wss}, 80 for {@code ws}. */
    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
