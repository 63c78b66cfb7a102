package io.wshandshake.client;

import jakarta.websocket.WebSocketContainer;

import org.springframework.util.ClassUtils;

/** Stops a client container that has a lifecycle; JSR-356 defines none, so this knows Tomcat's. */
final class ContainerShutdown {

    private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
            "org.apache.tomcat.websocket.WsWebSocketContainer", ContainerShutdown.class.getClassLoader());

    private ContainerShutdown() {
    }

    static void stop(WebSocketContainer container) {
        if (TOMCAT_PRESENT) {
            Tomcat.stop(container);
        }
    }

    /** Loaded only when Tomcat is on the classpath. */
    private static final class Tomcat {

        static void stop(WebSocketContainer container) {
            if (container instanceof org.apache.tomcat.websocket.WsWebSocketContainer tomcat) {
                tomcat.destroy();
            }
        }
    }
}
