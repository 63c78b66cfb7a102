package io.wshandshake.client;

import java.text.MessageFormat;
import java.text.ParseException;
import java.util.Locale;

import jakarta.websocket.WebSocketContainer;

import org.springframework.util.ClassUtils;

/**
 * What the client knows of Tomcat's container, kept apart so that nothing of Tomcat loads without Tomcat: its
 * lifecycle (JSR-356 defines none) and the refusal messages that mean "headers too large" and "a redirect".
 */
final class TomcatSupport {

    /** Tomcat's per-read timeout, in milliseconds (a String user property). */
    static final String IO_TIMEOUT_PROPERTY = "org.apache.tomcat.websocket.IO_TIMEOUT_MS";

    /** Tomcat 11.0.23+: the cap on the response head, in bytes (a String user property; 8192 by default). */
    static final String MAX_RESPONSE_HEADER_BYTES_PROPERTY =
            "org.apache.tomcat.websocket.MAX_HTTP_RESPONSE_HEADER_BYTES";

    /** Tomcat's limit on redirects it follows (a String user property; 20 by default). */
    static final String MAX_REDIRECTIONS_PROPERTY = "org.apache.tomcat.websocket.MAX_REDIRECTIONS";

    private static final boolean PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsWebSocketContainer",
            TomcatSupport.class.getClassLoader());

    private TomcatSupport() {
    }

    /** A new Tomcat container. */
    static WebSocketContainer create() {
        return Tomcat.create();
    }

    /** Stops a Tomcat container: closes its sessions and releases its I/O threads. */
    static void stop(WebSocketContainer container) {
        if (PRESENT) {
            Tomcat.stop(container);
        }
    }

    /** The first Tomcat whose client caps the response head ({@link #MAX_RESPONSE_HEADER_BYTES_PROPERTY}). */
    static final String FIRST_CAPPED_VERSION = "11.0.23";

    /**
     * The version of the Tomcat on the classpath ({@code 11.0.22}), or {@code null} when Tomcat is absent or its
     * version cannot be read.
     */
    static String version() {
        return PRESENT ? Tomcat.version() : null;
    }

    /** Whether {@code version} (such as {@code 11.0.22}) is before {@code 11.0.23}; false when it cannot be read. */
    static boolean isBeforeCappedHead(String version) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
            int patch = (parts.length > 2) ? Integer.parseInt(parts[2]) : 0;
            return major < 11 || (major == 11 && minor == 0 && patch < 23);
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }

    /** Whether the container refused the answer because its head exceeded the response header cap. */
    static boolean isResponseHeaderLimit(String message) {
        return PRESENT && message != null && message.equals(Tomcat.responseHeadersLimitMessage());
    }

    /**
     * The redirect target when the container refused to follow a redirect (a {@code Location} seen twice, or one
     * redirect more than {@link #MAX_REDIRECTIONS_PROPERTY} allows), else {@code null}. Raw: redact before showing.
     */
    static String redirectLocation(String message) {
        if (!PRESENT || message == null) {
            return null;
        }
        try {
            Object[] arguments = new MessageFormat(Tomcat.redirectThresholdPattern(), Locale.ROOT).parse(message);
            return (arguments.length > 0 && arguments[0] != null) ? arguments[0].toString() : null;
        }
        catch (ParseException ex) {
            return null;
        }
    }

    /** Loaded only when Tomcat is on the classpath. */
    private static final class Tomcat {

        static WebSocketContainer create() {
            return new org.apache.tomcat.websocket.WsWebSocketContainer();
        }

        static void stop(WebSocketContainer container) {
            if (container instanceof org.apache.tomcat.websocket.WsWebSocketContainer tomcat) {
                tomcat.destroy();
            }
        }

        static String version() {
            String number = org.apache.catalina.util.ServerInfo.getServerNumber();
            // "11.0.22.0": the fourth number is always 0
            return (number != null && number.endsWith(".0") && number.chars().filter(c -> c == '.').count() == 3)
                    ? number.substring(0, number.length() - 2) : number;
        }

        static String redirectThresholdPattern() {
            // The pattern, not the formatted text: the message was built from it in the same locale.
            return java.util.ResourceBundle.getBundle("org.apache.tomcat.websocket.LocalStrings",
                    java.util.Locale.getDefault()).getString("wsWebSocketContainer.redirectThreshold");
        }

        static String responseHeadersLimitMessage() {
            return org.apache.tomcat.util.res.StringManager.getManager("org.apache.tomcat.websocket")
                    .getString("wsWebSocketContainer.responseHeadersLimit");
        }
    }
}
