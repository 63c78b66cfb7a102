package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import org.jspecify.annotations.Nullable;

/**
 * What the clients know of Jetty 12.1's HTTP client and its WebSocket upgrade, for the clients on Jetty that are
 * built outside this package: how the reactive {@code ValidatingJettyWebSocketClient} (on Jetty's native
 * {@code org.eclipse.jetty.websocket.client.WebSocketClient}) reuses what the servlet client learned about Jetty's
 * container, which runs on the same WebSocket core: the {@code HttpClient} that ends a refused handshake at once,
 * what Jetty's permessage-deflate can honour, and Jetty's refusals in the client's taxonomy. Applications use the
 * clients, not this. Loaded only when Jetty is on the classpath.
 *
 * @since 0.3.0
 */
public final class JettyClientSupport {

    private JettyClientSupport() {
    }

    /**
     * A new, not yet started {@code HttpClient} for WebSocket upgrades: TLS from {@code sslContext} (the JDK's
     * defaults when {@code null}), no redirects followed, one request per connection (so the socket of a refused
     * upgrade is never pooled), a connect and idle timeout a little past the overall {@code deadline}, a response
     * head limit of {@code maxResponseHeaderSize} bytes, and an upgrade handler that fails an answer other than
     * {@code 101} with {@code Upgrade: websocket} in HTTP/1.1 as soon as its head is in, and closes the connection
     * when the upgrade of a 101 fails.
     * @param sslContext the SSL context for {@code wss://}, or {@code null} for the JDK's defaults
     * @param deadline the overall deadline of one handshake
     * @param maxResponseHeaderSize the largest response head Jetty reads, in bytes
     * @return the client; its owner starts and stops it
     */
    public static org.eclipse.jetty.client.HttpClient httpClient(@Nullable SSLContext sslContext, Duration deadline,
            int maxResponseHeaderSize) {
        return httpClient(sslContext, deadline.toMillis() + 1000, maxResponseHeaderSize);
    }

    static org.eclipse.jetty.client.HttpClient httpClient(@Nullable SSLContext sslContext, long timeoutMillis,
            int maxResponseHeaderSize) {
        org.eclipse.jetty.util.ssl.SslContextFactory.Client tls =
                new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
        if (sslContext != null) {
            tls.setSslContext(sslContext);
        }
        org.eclipse.jetty.io.ClientConnector connector = new org.eclipse.jetty.io.ClientConnector();
        connector.setSslContextFactory(tls);
        org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP transport =
                new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector);
        // One request per connection: Jetty would otherwise keep the socket of a refused upgrade in its pool,
        // open to a server that just misbehaved.
        transport.setConnectionPoolFactory(destination -> {
            org.eclipse.jetty.client.DuplexConnectionPool pool = new org.eclipse.jetty.client.DuplexConnectionPool(
                    destination, destination.getHttpClient().getMaxConnectionsPerDestination());
            pool.setMaxUsage(1);
            return pool;
        });
        org.eclipse.jetty.client.HttpClient httpClient = new org.eclipse.jetty.client.HttpClient(transport) {

            @Override
            protected void doStart() throws Exception {
                super.doStart();
                // Jetty puts its protocol handlers in at start: replace its upgrade handler with one that ends
                // a refused handshake at once.
                getProtocolHandlers().remove(JettyUpgradeProtocolHandler.NAME);
                getProtocolHandlers().put(new JettyUpgradeProtocolHandler());
            }
        };
        // Browsers follow no redirect for WebSocket, and Jetty would put the caller's headers on each hop.
        httpClient.setFollowRedirects(false);
        httpClient.setConnectTimeout(timeoutMillis);
        httpClient.setIdleTimeout(timeoutMillis);
        httpClient.setMaxResponseHeadersSize(maxResponseHeaderSize);
        return httpClient;
    }

    /**
     * Checks that Jetty's permessage-deflate can honour a validated answer to {@code sent}.
     * @param sent the key and offers sent
     * @param result the validated answer
     * @throws HandshakeException with {@code EXTENSION_PARAMETERS_REJECTED} if Jetty cannot honour the answer
     */
    public static void checkAnswer(ClientHandshake sent, HandshakeResult result) {
        JettySupport.checkAnswer(sent, result);
    }

    /**
     * What a caller sees of a failed upgrade on Jetty: the validator's own verdict ({@code rejected}) when there is
     * one, else Jetty's refusal of the answer in the client's taxonomy (a status other than 101, a bad
     * {@code Sec-WebSocket-Accept}, an un-offered subprotocol or extension, a head Jetty's parser refused, ...), else
     * the failure as a transport failure whose messages have the URI's user info and query taken out.
     * @param failure what Jetty failed the connect with
     * @param uri the URI as the caller gave it
     * @param rejected the validator's verdict on the answer, or {@code null}; told for this connection (the deciding
     * property and the URI added to its message)
     * @param validated whether the validator accepted the answer
     * @return a {@link HandshakeException}, or a {@link RedactedException}
     */
    public static Exception failure(Throwable failure, URI uri, @Nullable HandshakeException rejected,
            boolean validated) {
        if (rejected != null) {
            return HandshakeFailures.inContext(rejected, uri);
        }
        if (failure instanceof HandshakeException handshakeException) {
            return handshakeException;
        }
        RedactedException redacted = RedactedException.redact(failure, uri);
        HandshakeException refusal = JettySupport.refusal(failure, uri, null, validated, redacted);
        return (refusal != null) ? refusal : redacted;
    }
}
