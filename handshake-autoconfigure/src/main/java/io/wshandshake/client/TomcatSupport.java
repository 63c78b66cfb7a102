package io.wshandshake.client;

import jakarta.websocket.WebSocketContainer;

import org.springframework.util.ClassUtils;

/**
 * What the client knows of Tomcat's container, kept apart so that nothing of Tomcat loads without Tomcat: its
 * lifecycle (JSR-356 defines none) and the one refusal message that means "headers too large".
 */
final class TomcatSupport {

    /** Tomcat's per-read timeout, in milliseconds (a String user property). */
    static final String IO_TIMEOUT_PROPERTY = "org.apache.tomcat.websocket.IO_TIMEOUT_MS";

    /** Tomcat 11.0.23+: the cap on the response head, in bytes (a String user property; 8192 by default). */
    static final String MAX_RESPONSE_HEADER_BYTES_PROPERTY =
            "org.apache.tomcat.websocket.MAX_HTTP_RESPONSE_HEADER_BYTES";

    private static final boolean PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsWebSocketContainer",
            TomcatSupport.class.getClassLoader());

    private TomcatSupport() {
    }

    /** Stops a Tomcat container: closes its sessions and releases its I/O threads. */
    static void stop(WebSocketContainer container) {
        if (PRESENT) {
            Tomcat.stop(container);
        }
    }

    /** Whether the container refused the answer because its head exceeded the response header cap. */
    static boolean isResponseHeaderLimit(String message) {
        return PRESENT && message != null && message.equals(Tomcat.responseHeadersLimitMessage());
    }

    /** Loaded only when Tomcat is on the classpath. */
    private static final class Tomcat {

        static void stop(WebSocketContainer container) {
            if (container instanceof org.apache.tomcat.websocket.WsWebSocketContainer tomcat) {
                tomcat.destroy();
            }
        }

        static String responseHeadersLimitMessage() {
            return org.apache.tomcat.util.res.StringManager.getManager("org.apache.tomcat.websocket")
                    .getString("wsWebSocketContainer.responseHeadersLimit");
        }
    }
}
