package io.wshandshake.client;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import org.apache.tomcat.websocket.WsHandshakeResponse;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;

/**
 * What one connect costs the starter's own code on Tomcat's client, without the network and the container's own work:
 * from the request headers Tomcat built to the validated result in the session attributes. Each operation is what
 * runs per connect: {@code ValidatingConfigurator.beforeRequest} (the caller's headers, a key, and what was sent read
 * back from the request), {@code afterResponse} (validation, and the rewrite of the headers Tomcat parses next), then
 * {@link HandshakeAttributes#put}. Compare with {@code HandshakeValidationBenchmark.ours*}, the API path alone, on the
 * same three answers in the same run.
 * <p>
 * The request map is the one Tomcat's own {@code WsWebSocketContainer.createRequestHeaders} makes for the client's
 * endpoint configuration (called once, reflectively), and the answer is Tomcat's {@link WsHandshakeResponse}; both
 * are reused, as every operation leaves them as it found them. So that the answer's {@code Sec-WebSocket-Accept}
 * holds, the validator's {@code SecureRandom} always yields the nonce of RFC 6455 section 1.3; the key generation
 * with a real {@code SecureRandom} is its own line, {@link #keyGeneration()}.
 * <p>
 * This class sits in the package of the code it measures, so that it calls that code (package-private) as it is,
 * without a seam made for benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientPathBenchmark {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final List<String> FIVE_SUBPROTOCOLS = List.of("v10.stomp", "v11.stomp", "v12.stomp",
            "graphql-transport-ws", "mqtt");

    private static final String DEFLATE_OFFER = "permessage-deflate; client_max_window_bits; "
            + "server_max_window_bits=12; server_no_context_takeover; client_no_context_takeover";

    private static final String DEFLATE_ANSWER = "permessage-deflate; server_no_context_takeover; "
            + "client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=15";

    private final HttpHeaders callerHeaders = new HttpHeaders();

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    private Connect minimal;

    private Connect subprotocol;

    private Connect deflate;

    private HandshakeValidator keyValidator;

    private JettyConnect jettyMinimal;

    private JettyConnect jettySubprotocol;

    private JettyConnect jettyDeflate;

    @Setup
    public void setUp() throws Exception {
        HandshakeValidator.Builder minimal = HandshakeValidator.builder();
        HandshakeValidator.Builder subprotocol = HandshakeValidator.builder().subprotocols(FIVE_SUBPROTOCOLS);
        HandshakeValidator.Builder deflate = HandshakeValidator.builder().subprotocols(FIVE_SUBPROTOCOLS)
                .extensions(List.of(DEFLATE_OFFER))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15));
        this.minimal = new Connect(minimal, answer(null, null));
        this.subprotocol = new Connect(subprotocol, answer("graphql-transport-ws", null));
        this.deflate = new Connect(deflate, answer("graphql-transport-ws", DEFLATE_ANSWER));
        this.keyValidator = HandshakeValidator.builder().build();
        this.jettyMinimal = new JettyConnect(minimal, jettyAnswer(null, null));
        this.jettySubprotocol = new JettyConnect(subprotocol, jettyAnswer("graphql-transport-ws", null));
        this.jettyDeflate = new JettyConnect(deflate, jettyAnswer("graphql-transport-ws", DEFLATE_ANSWER));
        // Measure only what does the whole work: the key sent, and the answer negotiated as in the other benchmark.
        connect(this.deflate);
        if (!this.deflate.request.get("Sec-WebSocket-Key").equals(List.of(KEY))
                || !this.attributes.containsKey(HandshakeAttributes.PER_MESSAGE_DEFLATE)
                || !Integer.valueOf(3).equals(this.attributes.get(HandshakeAttributes.SUBPROTOCOL_INDEX))) {
            throw new IllegalStateException("The deflate connect did not negotiate: " + this.attributes);
        }
        this.attributes.clear();
        connect(this.jettyDeflate);
        if (!this.jettyDeflate.fields.get("Sec-WebSocket-Key").equals(KEY)
                || this.jettyDeflate.attempt.sent().subprotocols() != this.jettyDeflate.validator.subprotocols()
                || !this.attributes.containsKey(HandshakeAttributes.PER_MESSAGE_DEFLATE)
                || this.jettyDeflate.attempt.sent().extensions() != this.jettyDeflate.validator.extensions()) {
            throw new IllegalStateException("The Jetty deflate connect did not negotiate: " + this.attributes);
        }
    }

    /** The answer as Jetty hands it to {@code afterResponse}: a read-only view of the fields it parsed. */
    private static HttpFields jettyAnswer(String subprotocol, String extensions) {
        HttpFields.Mutable fields = HttpFields.build().add(HttpHeader.UPGRADE, "websocket")
                .add(HttpHeader.CONNECTION, "Upgrade").add(HttpHeader.SEC_WEBSOCKET_ACCEPT, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                .add(HttpHeader.DATE, "Thu, 26 Nov 2026 07:00:00 GMT");
        if (subprotocol != null) {
            fields.add(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, subprotocol);
        }
        if (extensions != null) {
            fields.add(HttpHeader.SEC_WEBSOCKET_EXTENSIONS, extensions);
        }
        return fields.asImmutable();
    }

    /** The answer as Tomcat hands it to {@code afterResponse}: names as it read them (lower case), one list each. */
    private static HandshakeResponse answer(String subprotocol, String extensions) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("upgrade", List.of("websocket"));
        headers.put("connection", List.of("upgrade"));
        headers.put("sec-websocket-accept", List.of("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        headers.put("date", List.of("Thu, 26 Nov 2026 07:00:00 GMT"));
        if (subprotocol != null) {
            headers.put("sec-websocket-protocol", List.of(subprotocol));
        }
        if (extensions != null) {
            headers.put("sec-websocket-extensions", List.of(extensions));
        }
        return new WsHandshakeResponse(headers);
    }

    @Benchmark
    public Object clientMinimal() {
        return connect(this.minimal);
    }

    @Benchmark
    public Object clientSubprotocol() {
        return connect(this.subprotocol);
    }

    @Benchmark
    public Object clientDeflate() {
        return connect(this.deflate);
    }

    @Benchmark
    public Object jettyMinimal() {
        return connect(this.jettyMinimal);
    }

    /** Includes {@link #jettyProtocolLines()}: subtract it. */
    @Benchmark
    public Object jettySubprotocol() {
        return connect(this.jettySubprotocol);
    }

    /** Includes {@link #jettyProtocolLines()}: subtract it. */
    @Benchmark
    public Object jettyDeflate() {
        return connect(this.jettyDeflate);
    }

    /**
     * What {@link #jettySubprotocol()} and {@link #jettyDeflate()} spend on putting back the five
     * {@code Sec-WebSocket-Protocol} lines Jetty writes, which the client puts on one line: to subtract from them.
     */
    @Benchmark
    public Object jettyProtocolLines() {
        return this.jettyDeflate.restoreProtocolLines();
    }

    /** A fresh {@code Sec-WebSocket-Key} from the validator's default {@code SecureRandom}, as on every connect. */
    @Benchmark
    public String keyGeneration() {
        return this.keyValidator.beginClientHandshake().key();
    }

    private Object connect(Connect connect) {
        ValidatingConfigurator configurator = new ValidatingConfigurator(this.callerHeaders, connect.attempt,
                connect.validator, false, false);
        configurator.beforeRequest(connect.request);
        configurator.afterResponse(connect.response);
        this.attributes.clear();
        HandshakeAttributes.put(this.attributes, connect.attempt.result());
        return this.attributes;
    }

    /**
     * One connect on Jetty's container: the request is Jetty's own header map (one field per subprotocol and per
     * extension, as its upgrade request writes them), the answer a read-only view of parsed fields, as Jetty's
     * {@code JsrUpgradeListener} hands them over. The five protocol lines the client joins are put back after each
     * connect, so every connect finds the request as Jetty wrote it.
     */
    private Object connect(JettyConnect connect) {
        ValidatingConfigurator configurator = new ValidatingConfigurator(this.callerHeaders, connect.attempt,
                connect.validator, false, true);
        configurator.beforeRequest(connect.request);
        configurator.afterResponse(() -> HttpFields.asMap(connect.response));
        this.attributes.clear();
        HandshakeAttributes.put(this.attributes, connect.attempt.result());
        connect.restoreProtocolLines();
        return this.attributes;
    }

    private static final class JettyConnect {

        final HandshakeValidator validator;

        final HandshakeAttempt attempt;

        final HttpFields.Mutable fields;

        final Map<String, List<String>> request;

        final HttpFields response;

        JettyConnect(HandshakeValidator.Builder builder, HttpFields response) {
            this.validator = builder.secureRandom(new SampleNonce()).build();
            HandshakeAttemptContext context = new HandshakeAttemptContext(this, URI.create("ws://127.0.0.1:8080/"),
                    new HttpHeaders(), Set.of(), Set.of());
            this.attempt = new HandshakeAttempt(context, List.of(), attempt -> { }, Duration.ofSeconds(10), 0,
                    Set.of());
            this.fields = HttpFields.build().add(HttpHeader.UPGRADE, "websocket").add(HttpHeader.CONNECTION, "Upgrade")
                    .add(HttpHeader.SEC_WEBSOCKET_KEY, "AAAAAAAAAAAAAAAAAAAAAA==")
                    .add(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
            restoreProtocolLines();
            for (var offer : this.validator.extensions()) {
                // Jetty's ExtensionConfig.getParameterizedName: ';' and '=' without spaces.
                StringBuilder line = new StringBuilder(offer.name());
                offer.parameters().forEach(parameter -> line.append(';').append(parameter.name())
                        .append(parameter.hasValue() ? "=" + parameter.value() : ""));
                this.fields.add(HttpHeader.SEC_WEBSOCKET_EXTENSIONS, line.toString());
            }
            this.request = HttpFields.asMap(this.fields);
            this.response = response;
        }

        /** One {@code Sec-WebSocket-Protocol} field per subprotocol, as Jetty writes them. */
        HttpFields.Mutable restoreProtocolLines() {
            List<String> subprotocols = this.validator.subprotocols();
            if (subprotocols.isEmpty()) {
                return this.fields;
            }
            this.fields.remove(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL);
            for (int i = 0; i < subprotocols.size(); i++) {
                this.fields.add(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, subprotocols.get(i));
            }
            return this.fields;
        }
    }

    /** One client configuration: its validator, an attempt, and the request and answer Tomcat would hand over. */
    private static final class Connect {

        final HandshakeValidator validator;

        final HandshakeAttempt attempt;

        final Map<String, List<String>> request;

        final HandshakeResponse response;

        Connect(HandshakeValidator.Builder builder, HandshakeResponse response) throws Exception {
            this.validator = builder.secureRandom(new SampleNonce()).build();
            HandshakeAttemptContext context = new HandshakeAttemptContext(this, URI.create("ws://127.0.0.1:8080/"),
                    new HttpHeaders(), Set.of(), Set.of());
            this.attempt = new HandshakeAttempt(context, List.of(), attempt -> { }, Duration.ofSeconds(10), 0,
                    Set.of());
            List<Extension> extensions = this.validator.extensions().stream().<Extension>map(OfferedExtension::of)
                    .toList();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .preferredSubprotocols(this.validator.subprotocols()).extensions(extensions).build();
            this.request = tomcatRequestHeaders(config);
            this.response = response;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, List<String>> tomcatRequestHeaders(ClientEndpointConfig config) throws Exception {
            Method create = WsWebSocketContainer.class.getDeclaredMethod("createRequestHeaders", String.class,
                    int.class, boolean.class, ClientEndpointConfig.class);
            create.setAccessible(true);
            return (Map<String, List<String>>) create.invoke(null, "127.0.0.1", 8080, false, config);
        }
    }

    /** Always the nonce of RFC 6455 section 1.3, whose key is {@code dGhlIHNhbXBsZSBub25jZQ==}. */
    private static final class SampleNonce extends SecureRandom {

        private static final byte[] NONCE = "the sample nonce".getBytes(StandardCharsets.US_ASCII);

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(NONCE, 0, bytes, 0, bytes.length);
        }
    }
}
