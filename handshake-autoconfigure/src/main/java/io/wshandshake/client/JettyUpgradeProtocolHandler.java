package io.wshandshake.client;

import java.util.Locale;

import org.eclipse.jetty.client.HttpUpgrader;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.UpgradeProtocolHandler;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;

/**
 * Jetty's {@link UpgradeProtocolHandler} for the client's own {@code HttpClient}, made to end a refused opening
 * handshake at once rather than at the idle timeout (RFC 6455 section 4.1: the client fails the connection):
 * <ul>
 * <li>an answer to an upgrade request with any status but 101 is failed as soon as its head is in, so Jetty does not
 * wait for a body the server may never end (a 3xx without {@code Content-Length});</li>
 * <li>a 101 is failed as soon as its head is in when it lacks {@code Upgrade: websocket} (RFC 6455 section 4.1,
 * rule 2), which Jetty would otherwise take for an upgrade nobody completes;</li>
 * <li>a 101 in any other version than HTTP/1.1 is failed as soon as its head is in: {@code Upgrade}, and so switching
 * protocols, exists only in HTTP/1.1 (RFC 9110 section 7.8), and Jetty takes a 101 in HTTP/1.0, which JSR-356's
 * {@code HandshakeResponse} would never show the validator;</li>
 * <li>when the upgrade of an accepted 101 fails (Jetty's own checks or the validator in {@code afterResponse}), the
 * connection is closed at once: Jetty has taken it out of its pool for the upgrade and leaves it open.</li>
 * </ul>
 * Loaded only when Jetty is on the classpath.
 */
final class JettyUpgradeProtocolHandler extends UpgradeProtocolHandler {

    /** The name of Jetty's handler, which this one replaces. */
    static final String NAME = "upgrade";

    private static final String WEBSOCKET = "websocket";

    /** Whether the request is a WebSocket upgrade; this handler takes every answer to one (HTTP/1.1 only). */
    @Override
    public boolean accept(Request request, Response response) {
        return isWebSocketUpgrade(request) || super.accept(request, response);
    }

    @Override
    public Response.Listener getResponseListener() {
        Response.Listener upgrade = super.getResponseListener();
        return new Response.Listener() {

            @Override
            public void onHeaders(Response response) {
                int status = response.getStatus();
                if (status != HttpStatus.SWITCHING_PROTOCOLS_101) {
                    String location = HttpStatus.isRedirection(status)
                            ? response.getHeaders().get(HttpHeader.LOCATION) : null;
                    response.abort(new Refused(response.getRequest().getURI(), status,
                            "Failed to upgrade to websocket: Unexpected HTTP Response Status Code: " + status,
                            location));
                }
                else if (response.getVersion() != HttpVersion.HTTP_1_1) {
                    response.abort(new NotHttp11(response.getRequest().getURI(), response.getVersion()));
                }
                else if (!response.getHeaders().contains(HttpHeader.UPGRADE, WEBSOCKET)) {
                    response.abort(new Refused(response.getRequest().getURI(), status,
                            "Failed to upgrade to websocket: the 101 response has no 'Upgrade: websocket' header",
                            null));
                }
            }

            @Override
            public void onComplete(Result result) {
                HttpRequest request = (HttpRequest) result.getRequest();
                Response response = result.getResponse();
                if (result.isSucceeded() && response.getStatus() == HttpStatus.SWITCHING_PROTOCOLS_101) {
                    HttpConversation conversation = request.getConversation();
                    String key = HttpUpgrader.class.getName();
                    if (conversation.getAttribute(key) instanceof HttpUpgrader upgrader) {
                        conversation.setAttribute(key, new ClosingOnFailure(upgrader));
                    }
                    upgrade.onComplete(result);
                    return;
                }
                // Refused above or failed: hand the failure to the request's own listeners, as Jetty's handler does.
                HttpConversation conversation = request.getConversation();
                conversation.updateResponseListeners(null);
                conversation.getResponseListeners().emitFailureComplete(
                        new Result(request, result.getRequestFailure(), response, failure(result)));
            }
        };
    }

    private static Throwable failure(Result result) {
        if (result.getResponseFailure() != null) {
            return result.getResponseFailure();
        }
        Response response = result.getResponse();
        return new UpgradeException(result.getRequest().getURI(), response.getStatus(),
                "Failed to upgrade to websocket: Unexpected HTTP Response Status Code: " + response.getStatus());
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains(WEBSOCKET);
    }

    /** An answer refused from its head, with the {@code Location} of a redirect (or {@code null}). */
    static class Refused extends UpgradeException {

        private final String location;

        Refused(java.net.URI uri, int status, String message, String location) {
            super(uri, status, message);
            this.location = location;
        }

        String location() {
            return this.location;
        }
    }

    /** A 101 in another version than HTTP/1.1, refused from its head (RFC 9110 section 7.8). */
    static final class NotHttp11 extends Refused {

        NotHttp11(java.net.URI uri, HttpVersion version) {
            super(uri, HttpStatus.SWITCHING_PROTOCOLS_101, "Failed to upgrade to websocket: a 101 in " + version
                    + ": Upgrade, and so switching protocols, exists only in HTTP/1.1 (RFC 9110 section 7.8)", null);
        }
    }

    /** Closes the connection when the upgrade fails, which Jetty's own upgrader leaves open. */
    private record ClosingOnFailure(HttpUpgrader upgrader) implements HttpUpgrader {

        @Override
        public void prepare(Request request) {
            this.upgrader.prepare(request);
        }

        @Override
        public void upgrade(Response response, EndPoint endPoint, Callback callback) {
            Callback closing = Callback.from(callback::succeeded, failure -> {
                endPoint.close(failure);
                callback.failed(failure);
            });
            try {
                this.upgrader.upgrade(response, endPoint, closing);
            }
            catch (Throwable failure) {
                closing.failed(failure);
            }
        }
    }
}
