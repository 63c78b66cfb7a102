package io.wshandshake.client;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What a {@link HandshakeLifecycleListener} knows of one connection attempt, and where it keeps its own state for
 * that attempt (an observation, a gauge token) between callbacks.
 *
 * @since 0.1.0
 */
public final class HandshakeAttemptContext {

    private final Object client;

    private final URI uri;

    private final HttpHeaders requestHeaders;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    private final Map<Object, Object> state = new ConcurrentHashMap<>(4);

    /**
     * The context of one attempt; every client makes one per attempt, before it notifies any listener.
     * @param client the client that makes the attempt
     * @param uri the URI as the caller gave it
     * @param requestHeaders the caller's headers for the upgrade request, which listeners may add to
     * @param configuredSubprotocols the subprotocols configured for the client
     * @param configuredExtensionNames the extension names configured for the client
     * @since 0.3.0
     */
    public HandshakeAttemptContext(Object client, URI uri, HttpHeaders requestHeaders,
            Set<String> configuredSubprotocols, Set<String> configuredExtensionNames) {
        this.client = client;
        this.uri = uri;
        this.requestHeaders = requestHeaders;
        this.configuredSubprotocols = configuredSubprotocols;
        this.configuredExtensionNames = configuredExtensionNames;
    }

    /** The client that makes the attempt. */
    public Object client() {
        return this.client;
    }

    /**
     * The URI as the caller gave it, user info and query included: never log it as it is (see
     * {@link io.wshandshake.core.SafeText#uri(URI)}).
     */
    public URI uri() {
        return this.uri;
    }

    /** The caller's headers for the upgrade request, which listeners may add to in {@code attemptStarted}. */
    public HttpHeaders requestHeaders() {
        return this.requestHeaders;
    }

    /** The subprotocols configured for the client: the only ones a bounded tag may name. */
    public Set<String> configuredSubprotocols() {
        return this.configuredSubprotocols;
    }

    /** The extension names configured for the client: the only ones a bounded tag may name. */
    public Set<String> configuredExtensionNames() {
        return this.configuredExtensionNames;
    }

    /** A listener's state for this attempt under its own key, or {@code null}. */
    public @Nullable Object get(Object key) {
        return this.state.get(key);
    }

    /** Keeps a listener's non-null state for this attempt under its own key. */
    public void put(Object key, Object value) {
        this.state.put(key, value);
    }
}
