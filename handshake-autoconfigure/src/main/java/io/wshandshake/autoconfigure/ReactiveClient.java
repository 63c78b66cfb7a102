package io.wshandshake.autoconfigure;

import java.util.Locale;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.core.SafeText;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * WebFlux's clients that {@code handshake.reactive.client} chooses among, and the choice itself: {@code auto} is
 * Reactor Netty's when present, else the JSR-356 one; a named client must be on the classpath. A bad value fails the
 * start with an {@link InvalidHandshakePropertyException}, never with no client or another one.
 */
enum ReactiveClient {

    /** WebFlux's {@code ReactorNettyWebSocketClient}, validated. */
    REACTOR_NETTY("reactor-netty", "io.projectreactor.netty:reactor-netty-http",
            "reactor.netty.http.client.HttpClient"),

    /** WebFlux's JSR-356 {@code StandardWebSocketClient}, validated, on the container handshake.container picks. */
    STANDARD("standard", "org.springframework:spring-websocket and " + ClientContainer.TOMCAT.artifact() + " or "
            + ClientContainer.JETTY.artifact(),
            "org.springframework.web.socket.client.standard.StandardWebSocketClient",
            "jakarta.websocket.ContainerProvider"),

    /** WebFlux's {@code JettyWebSocketClient}, on Jetty's native WebSocket client, validated. */
    JETTY("jetty", "org.eclipse.jetty.websocket:jetty-websocket-jetty-client",
            "org.eclipse.jetty.websocket.client.WebSocketClient");

    static final String PROPERTY = "handshake.reactive.client";

    /** What the JSR-356 client auto-configuration also requires: a container its {@code ContainerProvider} finds. */
    private static final String CONTAINER_PROVIDER_SERVICE = "META-INF/services/jakarta.websocket.ContainerProvider";

    private final String value;

    private final String artifacts;

    private final String[] requiredClasses;

    ReactiveClient(String value, String artifacts, String... requiredClasses) {
        this.value = value;
        this.artifacts = artifacts;
        this.requiredClasses = requiredClasses;
    }

    /** The property's word for this client. */
    String value() {
        return this.value;
    }

    /**
     * The client {@code value} of {@code handshake.reactive.client} chooses, given what {@code classLoader} has.
     * @param value the property's value, trimmed and compared case-insensitively; {@code null} means {@code auto}
     * @param classLoader the application's class loader
     * @return the chosen client, on the classpath unless it is {@code STANDARD} chosen by {@code auto}
     * @throws InvalidHandshakePropertyException if the value names no client, or a client that is not on the
     * classpath
     */
    static ReactiveClient choose(@Nullable String value, @Nullable ClassLoader classLoader) {
        String name = (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "auto";
        if (name.equals("auto")) {
            // Today's rule, unchanged: without spring-websocket and a container, the JSR-356 one is simply not there.
            return REACTOR_NETTY.isPresent(classLoader) ? REACTOR_NETTY : STANDARD;
        }
        for (ReactiveClient client : values()) {
            if (client.value.equals(name)) {
                if (!client.isPresent(classLoader)) {
                    throw new InvalidHandshakePropertyException(PROPERTY, SafeText.quote(value),
                            "that client is not on the classpath", "Add " + client.artifacts + ", or set it to auto.");
                }
                return client;
            }
        }
        throw new InvalidHandshakePropertyException(PROPERTY, SafeText.quote(value), "it names no WebFlux client",
                "Set it to auto (the default), reactor-netty, standard or jetty.");
    }

    private boolean isPresent(@Nullable ClassLoader classLoader) {
        for (String requiredClass : this.requiredClasses) {
            if (!ClassUtils.isPresent(requiredClass, classLoader)) {
                return false;
            }
        }
        if (this == STANDARD) {
            ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
            return loader != null && loader.getResource(CONTAINER_PROVIDER_SERVICE) != null;
        }
        return true;
    }
}
