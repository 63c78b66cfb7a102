package io.wshandshake.client;

import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The JSR-356 client containers the validating client runs on, each with what it can honour (see
 * {@link TransportLimits}). Chosen by name rather than by {@code ContainerProvider.getWebSocketContainer()}, whose
 * answer depends on the order of the jars on the classpath.
 * @since 0.1.0
 */
public enum ClientContainer {

    /** Tomcat's {@code WsWebSocketContainer}, from {@code org.apache.tomcat.embed:tomcat-embed-websocket}. */
    TOMCAT("org.apache.tomcat.websocket.WsWebSocketContainer", "org.apache.tomcat.embed:tomcat-embed-websocket",
            "tomcat"),

    /**
     * Jetty 12.1's {@code JakartaWebSocketClientContainer}, from
     * {@code org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-client}.
     */
    JETTY("org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainer",
            "org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-client", "jetty");

    private final String containerClass;

    private final String artifact;

    private final String clientKind;

    ClientContainer(String containerClass, String artifact, String clientKind) {
        this.containerClass = containerClass;
        this.artifact = artifact;
        this.clientKind = clientKind;
    }

    /** Whether this container's classes are on the classpath. */
    public boolean isPresent() {
        return ClassUtils.isPresent(this.containerClass, ClientContainer.class.getClassLoader());
    }

    /** The Maven coordinates of the jar that brings this container. */
    public String artifact() {
        return this.artifact;
    }

    /**
     * The client kind of a validating client on this container, {@code tomcat} or {@code jetty}: the value of the
     * observation's {@code client} tag (see {@link HandshakeAttemptContext#clientKind()}).
     * @since 0.3.0
     */
    public String clientKind() {
        return this.clientKind;
    }

    /** The container of this kind, or {@code null} when it is neither Tomcat's nor Jetty's. */
    public static @Nullable ClientContainer of(WebSocketContainer container) {
        String name = container.getClass().getName();
        if (name.startsWith("org.apache.tomcat.websocket.")) {
            return TOMCAT;
        }
        if (name.startsWith("org.eclipse.jetty.")) {
            return JETTY;
        }
        return null;
    }

    /** Tomcat's when present (what this client always ran on), else Jetty's, else {@code null}. */
    public static @Nullable ClientContainer firstPresent() {
        for (ClientContainer container : values()) {
            if (container.isPresent()) {
                return container;
            }
        }
        return null;
    }
}
