package io.wshandshake.observation;

import java.net.URI;
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

    private final URI uri;

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
        super((headers, name, value) -> {
            if (headers != null) {
                headers.set(name, value);
            }
        }, Kind.CLIENT);
        setCarrier(carrier);
        setRemoteServiceAddress(uri.getScheme() + "://" + uri.getHost() + ":" + port(uri));
        this.uri = uri;
        this.configuredSubprotocols = Set.copyOf(configuredSubprotocols);
        this.configuredExtensionNames = Set.copyOf(configuredExtensionNames);
    }

    /** The target URI as given by the caller. */
    public URI getUri() {
        return this.uri;
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
