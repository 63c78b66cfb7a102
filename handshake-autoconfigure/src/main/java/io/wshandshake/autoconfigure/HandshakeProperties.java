package io.wshandshake.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the WebSocket client handshake: what to offer and how strictly to check the server's answer.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("handshake")
public class HandshakeProperties {

    /**
     * Whether to auto-configure the handshake validator and the validating WebSocket client.
     */
    private boolean enabled = true;

    /**
     * Subprotocols to offer, most preferred first, e.g. v12.stomp. Each must be an RFC 7230 token.
     */
    private List<String> subprotocols = new ArrayList<>();

    /**
     * Extensions to offer, most preferred first, one extension with its parameters per entry, e.g.
     * "permessage-deflate; server_max_window_bits=12". Tomcat's client can offer only permessage-deflate.
     */
    private List<String> extensions = new ArrayList<>();

    /**
     * Whether a server that chooses no subprotocol, when some were offered, fails the handshake with
     * UNSUPPORTED_SUBPROTOCOL (as Windows and browsers do).
     */
    private boolean subprotocolRequired = true;

    /**
     * Largest size of all response header lines together; a larger answer fails with INVALID_PROTOCOL_FORMAT.
     */
    private DataSize maxResponseHeaderSize = DataSize.ofKilobytes(64);

    /**
     * JSR-356 client container the servlet client (and WebFlux's JSR-356 one) connects with: auto, tomcat or
     * jetty. auto takes the container of the application's web server when there is one (Jetty's when Jetty's
     * server is on the classpath and Tomcat's is not), else Tomcat's, else Jetty's.
     */
    private String container = "auto";

    private final Connect connect = new Connect();

    private final Ssl ssl = new Ssl();

    private final Observation observation = new Observation();

    private final Reactive reactive = new Reactive();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getSubprotocols() {
        return this.subprotocols;
    }

    public void setSubprotocols(List<String> subprotocols) {
        this.subprotocols = subprotocols;
    }

    public List<String> getExtensions() {
        return this.extensions;
    }

    public void setExtensions(List<String> extensions) {
        this.extensions = extensions;
    }

    public boolean isSubprotocolRequired() {
        return this.subprotocolRequired;
    }

    public void setSubprotocolRequired(boolean subprotocolRequired) {
        this.subprotocolRequired = subprotocolRequired;
    }

    public DataSize getMaxResponseHeaderSize() {
        return this.maxResponseHeaderSize;
    }

    public void setMaxResponseHeaderSize(DataSize maxResponseHeaderSize) {
        this.maxResponseHeaderSize = maxResponseHeaderSize;
    }

    public String getContainer() {
        return this.container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public Connect getConnect() {
        return this.connect;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Reactive getReactive() {
        return this.reactive;
    }

    public Observation getObservation() {
        return this.observation;
    }

    /** How the client connects. */
    public static class Connect {

        /**
         * Overall deadline of one connection attempt, from connect to open session, however slowly the server
         * answers.
         */
        private Duration timeout = Duration.ofSeconds(10);

        /**
         * Number of connection attempts that run at a time, on the client's own threads (never a bean, so Boot's
         * task executor stays the application's); further attempts wait in a queue. With
         * spring.threads.virtual.enabled (Java 21+) each attempt runs on a virtual thread, still this many at a time.
         */
        private int poolSize = 8;

        /**
         * Redirects one connection attempt follows. 0 follows none, as browsers do for WebSocket: a 3xx answer
         * fails. When allowed, the caller's own headers go only to hops with the first request's Host, and never on
         * a redirected hop of a wss:// connection.
         */
        private int maxRedirects = 0;

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getPoolSize() {
            return this.poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public int getMaxRedirects() {
            return this.maxRedirects;
        }

        public void setMaxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
        }
    }

    /** TLS for wss:// connections. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) for wss:// connections; the JDK's defaults when not set.
         */
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }
    }

    /** How handshakes are observed. */
    public static class Observation {

        /**
         * Name of the handshake observation, and so of its timer, long task timer and span; a
         * HandshakeObservationConvention bean, when defined, decides instead.
         */
        private String name = "websocket.client.handshake";

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** What differs for the reactive (WebFlux) client. */
    public static class Reactive {

        /**
         * WebFlux client to auto-configure: auto, reactor-netty, standard or jetty. auto takes Reactor Netty's when
         * it is on the classpath, else the JSR-356 one (when spring-websocket and a JSR-356 client container are
         * present); standard is the JSR-356 one, on the container handshake.container picks; jetty is Jetty's
         * native client (jetty-websocket-jetty-client), to which handshake.container does not apply. A client that
         * is not on the classpath fails the start.
         */
        private String client = "auto";

        /**
         * Extensions the reactive client offers instead of handshake.extensions, most preferred first; not set
         * means the same as handshake.extensions. Reactor Netty's client can offer only permessage-deflate, with at
         * most client_no_context_takeover and server_no_context_takeover; the JSR-356 and Jetty's clients what
         * their container can honour.
         */
        private List<String> extensions;

        public String getClient() {
            return this.client;
        }

        public void setClient(String client) {
            this.client = client;
        }

        public List<String> getExtensions() {
            return this.extensions;
        }

        public void setExtensions(List<String> extensions) {
            this.extensions = extensions;
        }
    }
}
