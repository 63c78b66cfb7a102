package io.wshandshake.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.SafeText;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * What the client knows of Tomcat's container, kept apart so that nothing of Tomcat loads without Tomcat: its
 * lifecycle (JSR-356 defines none) and its refusals of an answer, as the client's taxonomy names them.
 */
final class TomcatSupport {

    /** Tomcat's per-read timeout, in milliseconds (a String user property). */
    static final String IO_TIMEOUT_PROPERTY = "org.apache.tomcat.websocket.IO_TIMEOUT_MS";

    /** Tomcat 11.0.23+: the cap on the response head, in bytes (a String user property; 8192 by default). */
    static final String MAX_RESPONSE_HEADER_BYTES_PROPERTY =
            "org.apache.tomcat.websocket.MAX_HTTP_RESPONSE_HEADER_BYTES";

    /** Tomcat's limit on redirects it follows (a String user property; 20 by default). */
    static final String MAX_REDIRECTIONS_PROPERTY = "org.apache.tomcat.websocket.MAX_REDIRECTIONS";

    private static final String LOCATION = "Location";

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** Tomcat's refusals of a status other than 101 whose first argument is that status. */
    private static final List<String> STATUS_REFUSALS = List.of("wsWebSocketContainer.failedAuthentication",
            "wsWebSocketContainer.missingAuthenticateHeader", "wsWebSocketContainer.unsupportedAuthScheme",
            "wsWebSocketContainer.missingLocationHeader");

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

    /**
     * Tomcat's refusal of the answer in the client's taxonomy, or {@code null} when {@code failure} is none of the
     * refusals known here (then it is a transport failure, or not Tomcat's). Known: a status other than 101 (with
     * that status, also when Tomcat could not answer a 401 or 407 challenge or found no {@code Location} on a
     * redirect), a malformed status line (the line is the value), a response head over Tomcat's cap, a redirect it
     * would not follow ({@code Location} seen twice, or more than {@code maxRedirects}), a redirect to a malformed
     * {@code Location}, and, after the validator accepted the answer, Tomcat's {@code invalidExtensionParameters}
     * and {@code invalidSubProtocol}. Tomcat raises each as a {@code DeploymentException} without a cause, its
     * message from its own {@code LocalStrings}, which is what is matched here.
     */
    static @Nullable HandshakeException refusal(Throwable failure, URI uri, boolean validated, int maxRedirects,
            Redaction redaction, RedactedException redacted) {
        if (!PRESENT) {
            return null;
        }
        String server = "The server at " + SafeText.uri(uri);
        if (!validated && failure instanceof IllegalArgumentException
                && failure.getCause() instanceof URISyntaxException malformed) {
            // Found by ClientFuzzTest: Tomcat follows a redirect with URI.create and throws from inside.
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, LOCATION, malformed.getInput(),
                    server + " answered with a redirect (3xx) to the malformed Location "
                            + redaction.text(malformed.getInput()), redacted);
        }
        if (!(failure instanceof DeploymentException) || failure.getCause() != null || failure.getMessage() == null) {
            return null;
        }
        String message = failure.getMessage();
        if (!validated) {
            if (message.equals(Tomcat.string("wsWebSocketContainer.responseHeadersLimit"))) {
                return new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers from "
                        + SafeText.uri(uri) + " exceed the container's limit (handshake.max-response-header-size)",
                        redacted);
            }
            String[] arguments = arguments("wsWebSocketContainer.invalidStatus", message);
            if (arguments != null) {
                int status = statusCode(arguments[0]);
                return (status != HandshakeException.NO_STATUS) ? notSwitching(status, server + " did not switch "
                        + "protocols: it answered with status " + status, redacted)
                        : new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, arguments[0],
                                server + " did not switch protocols: its status line "
                                        + redaction.text(arguments[0]) + " is malformed", redacted);
            }
            for (String key : STATUS_REFUSALS) {
                arguments = arguments(key, message);
                if (arguments != null && statusCode(arguments[0]) != HandshakeException.NO_STATUS) {
                    return notSwitching(statusCode(arguments[0]), server + " did not switch protocols: "
                            + redaction.text(message), redacted);
                }
            }
            arguments = arguments("wsWebSocketContainer.redirectThreshold", message);
            if (arguments != null) {
                return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, LOCATION, arguments[0],
                        server + " answered with a redirect (3xx) to " + redaction.text(arguments[0])
                                + ", and the client follows at most " + maxRedirects
                                + " (handshake.connect.max-redirects)", redacted);
            }
            return null;
        }
        if (message.equals(Tomcat.string("wsWebSocketContainer.invalidExtensionParameters"))) {
            return new HandshakeException(FailureReason.EXTENSION_PARAMETERS_REJECTED, SEC_WEBSOCKET_EXTENSIONS,
                    "The WebSocket container refused the negotiated extensions from " + SafeText.uri(uri) + ": "
                            + redaction.text(message), redacted);
        }
        if (message.equals(Tomcat.string("wsWebSocketContainer.invalidSubProtocol"))) {
            return new HandshakeException(FailureReason.SUBPROTOCOL_MALFORMED, SEC_WEBSOCKET_PROTOCOL,
                    "The WebSocket container refused the subprotocol from " + SafeText.uri(uri) + ": "
                            + redaction.text(message), redacted);
        }
        return null;
    }

    private static HandshakeException notSwitching(int status, String message, RedactedException redacted) {
        return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, null, status, message,
                redacted);
    }

    /** The status code in Tomcat's argument, or {@code NO_STATUS} when it is not three digits. */
    private static int statusCode(String argument) {
        if (argument.length() != 3 || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return HandshakeException.NO_STATUS;
        }
        int status = Integer.parseInt(argument);
        return HandshakeException.isStatusCode(status) ? status : HandshakeException.NO_STATUS;
    }

    /** The first Tomcat whose client caps the response head ({@link #MAX_RESPONSE_HEADER_BYTES_PROPERTY}). */
    static final String FIRST_CAPPED_VERSION = "11.0.23";

    /**
     * The version of the Tomcat on the classpath ({@code 11.0.22}), or {@code null} when Tomcat is absent or its
     * version cannot be read.
     */
    static @Nullable String version() {
        return PRESENT ? Tomcat.version() : null;
    }

    /** Whether {@code version} (such as {@code 11.0.22}) is before {@code 11.0.23}; false when it cannot be read. */
    static boolean isBeforeCappedHead(@Nullable String version) {
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

    /**
     * The arguments Tomcat formatted its message {@code key} with, when {@code message} is that message (all of it),
     * else {@code null}. The pattern, not a formatted text: the message was built from it in the same locale.
     */
    private static String @Nullable [] arguments(String key, String message) {
        String pattern = Tomcat.string(key);
        if (pattern == null) {
            return null;
        }
        ParsePosition position = new ParsePosition(0);
        Object[] arguments = new MessageFormat(pattern, Locale.ROOT).parse(message, position);
        if (arguments == null || position.getIndex() != message.length() || arguments.length == 0
                || arguments[0] == null) {
            return null;
        }
        String[] strings = new String[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            strings[i] = String.valueOf(arguments[i]);
        }
        return strings;
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

        /** Tomcat's text for {@code key}, unformatted, or {@code null} when this Tomcat has none. */
        static @Nullable String string(String key) {
            return org.apache.tomcat.util.res.StringManager.getManager("org.apache.tomcat.websocket").getString(key);
        }

        static @Nullable String version() {
            String number = org.apache.catalina.util.ServerInfo.getServerNumber();
            // "11.0.22.0": the fourth number is always 0
            return (number != null && number.endsWith(".0") && number.chars().filter(c -> c == '.').count() == 3)
                    ? number.substring(0, number.length() - 2) : number;
        }
    }
}
