package io.wshandshake.client;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What a {@link HandshakeLifecycleListener} knows of one connection attempt, and where it keeps its own state for
 * that attempt (an observation, a gauge token) between callbacks.
 *
 * @since 0.1.0
 */
public final class HandshakeAttemptContext {

    /**
     * The client kind of an attempt whose client named none: what the {@code client} tag says for it.
     * @since 0.3.0
     */
    public static final String OTHER_CLIENT_KIND = "other";

    /** A client kind is a short fixed word: it becomes a tag value, whose set must stay bounded. */
    private static final Pattern CLIENT_KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final Object client;

    private final String clientKind;

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
        this(client, OTHER_CLIENT_KIND, uri, requestHeaders, configuredSubprotocols, configuredExtensionNames);
    }

    /**
     * The context of one attempt by a client of a named kind; every client makes one per attempt, before it notifies
     * any listener.
     * @param client the client that makes the attempt
     * @param clientKind the kind of client, a fixed word of the client's own that the observation's low-cardinality
     * {@code client} tag carries: {@code tomcat}, {@code jetty}, {@code reactor-netty}, or another of up to 32
     * lower-case letters, digits and hyphens
     * @param uri the URI as the caller gave it
     * @param requestHeaders the caller's headers for the upgrade request, which listeners may add to
     * @param configuredSubprotocols the subprotocols configured for the client
     * @param configuredExtensionNames the extension names configured for the client
     * @throws IllegalArgumentException if the client kind is not such a word
     * @since 0.3.0
     */
    public HandshakeAttemptContext(Object client, String clientKind, URI uri, HttpHeaders requestHeaders,
            Set<String> configuredSubprotocols, Set<String> configuredExtensionNames) {
        if (clientKind == null || !CLIENT_KIND.matcher(clientKind).matches()) {
            throw new IllegalArgumentException("A client kind is up to 32 lower-case letters, digits and hyphens, "
                    + "such as \"reactor-netty\", not " + ((clientKind != null) ? "\"" + clientKind + "\"" : "null"));
        }
        this.client = client;
        this.clientKind = clientKind;
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
     * The kind of client that makes the attempt, such as {@code tomcat}, {@code jetty} or {@code reactor-netty};
     * {@value #OTHER_CLIENT_KIND} when the client named none.
     * @since 0.3.0
     */
    public String clientKind() {
        return this.clientKind;
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
