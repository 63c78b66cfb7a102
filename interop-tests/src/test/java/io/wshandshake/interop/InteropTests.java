package io.wshandshake.interop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveStandardAutoConfiguration;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.CountingRelayAccess;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.LargeBuffers;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import io.wshandshake.core.HandshakeError;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.sample.probe.HandshakeProbe;
import io.wshandshake.sample.probe.ProbeReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The auto-configured client against real servers nobody here wrote. For each peer and setting: the raw answer is
 * captured with the probe, the client's negotiated subprotocol, extension indices and permessage-deflate parameters
 * must be what that server chose, and a large repetitive message must make the round trip intact, compressed on the
 * wire exactly when permessage-deflate was negotiated. Where the client refuses an answer, the test says why.
 */
class InteropTests {

    private static final List<String> REPORT = new ArrayList<>();

    private static final String LARGE = "All work and no play makes Jack a dull boy. ".repeat(20_000);

    private static final List<String> CHAT = List.of("v3.chat", "v1.chat", "v2.chat");

    private static final String DEFLATE = "permessage-deflate";

    private static final String DEFLATE_HINT = "permessage-deflate; client_max_window_bits";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class));

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("node-default", () -> ProcessPeer.nodeWs("deflate-default"), CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", new PerMessageDeflateParameters(false, false, 15, 15))),
                new Scenario("node-limited", () -> ProcessPeer.nodeWs("deflate-limited"), List.of("v2.chat"),
                        List.of(DEFLATE), Expect.success("v2.chat", new PerMessageDeflateParameters(true, true, 10, 15))),
                new Scenario("node-client-window", () -> ProcessPeer.nodeWs("deflate-client-window"), List.of("v1.chat"),
                        List.of(DEFLATE_HINT), Expect.refused(HandshakeError.UNSUPPORTED_EXTENSION,
                                "client_max_window_bits=10 is below the 15 bits")),
                new Scenario("node-no-deflate", () -> ProcessPeer.nodeWs("no-deflate"), CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", null)),
                // websockets ranks a subprotocol by its positions in both lists added up and breaks ties by set order,
                // which changes from run to run (string hashing): offer a list without a tie, v2.chat 1 + 0 against
                // v1.chat 2 + 1.
                new Scenario("python-deflate", () -> ProcessPeer.pythonWebsockets("deflate"),
                        List.of("v3.chat", "v2.chat", "v1.chat"), List.of(DEFLATE),
                        Expect.success("v2.chat", new PerMessageDeflateParameters(false, false, 12, 15))),
                new Scenario("python-deflate-hint", () -> ProcessPeer.pythonWebsockets("deflate"), List.of("v1.chat"),
                        List.of(DEFLATE_HINT), Expect.refused(HandshakeError.UNSUPPORTED_EXTENSION,
                                "client_max_window_bits=12 is below the 15 bits")),
                new Scenario("python-plain", () -> ProcessPeer.pythonWebsockets("plain"), List.of("v2.chat"),
                        List.of(DEFLATE), Expect.success("v2.chat", null)),
                new Scenario("jetty-deflate", JettyPeer::withDeflate, CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", new PerMessageDeflateParameters(false, false, 15, 15))),
                new Scenario("jetty-declined", JettyPeer::withoutExtensions, List.of("v2.chat", "v1.chat"),
                        List.of(DEFLATE), Expect.success("v2.chat", null)),
                new Scenario("reactor-netty-compress", ReactorNettyPeer::compressing, CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", new PerMessageDeflateParameters(false, false, 15, 15))),
                new Scenario("reactor-netty-plain", ReactorNettyPeer::plain, List.of("v2.chat"), List.of(DEFLATE),
                        Expect.success("v2.chat", null)),
                new Scenario("nginx-jetty", () -> new NginxProxy(JettyPeer.withDeflate()), CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", new PerMessageDeflateParameters(false, false, 15, 15))),
                new Scenario("nginx-node-limited", () -> new NginxProxy(ProcessPeer.nodeWs("deflate-limited")),
                        List.of("v2.chat"), List.of(DEFLATE),
                        Expect.success("v2.chat", new PerMessageDeflateParameters(true, true, 10, 15))));
    }

    /** Every scenario on each client container. */
    static Stream<Arguments> runs() {
        return scenarios().flatMap(scenario -> Stream.of(ClientContainer.values())
                .map(container -> Arguments.of(scenario, container)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void clientNegotiatesWhatThePeerChoseAndMessagesFlow(Scenario scenario, ClientContainer container) {
        try (Peer peer = scenario.peer().get()) {
            ProbeReport raw = new HandshakeProbe().probe(peer.uri(), scenario.subprotocols(), scenario.extensions(),
                    true, Duration.ofSeconds(10));
            Expect expect = expect(scenario, container);
            record(scenario, container, peer, raw, expect);
            // The probe judges by the rules both containers share (RFC 6455 and 7692, and the JDK's 15-bit window):
            // it refuses what every client refuses, and a refusal only Jetty makes is the client's alone.
            assertThat(raw.exitCode()).as("the probe's verdict on %s", peer.description())
                    .isEqualTo((scenario.expect().refusal() != null) ? 2 : 0);
            this.runner.withPropertyValues(properties(scenario))
                    .withPropertyValues("handshake.container=" + container.name().toLowerCase(Locale.ROOT))
                    .withBean(LargeBuffers.class, () -> new LargeBuffers(container))
                    .run(context -> {
                WebSocketClient client = context.getBean(WebSocketClient.class);
                try (CountingRelayAccess relay = CountingRelayAccess.start(peer.uri().getPort())) {
                    String uri = "ws://127.0.0.1:" + relay.port() + peer.uri().getRawPath();
                    if (expect.refusal() != null) {
                        assertRefused(client, uri, expect);
                        return;
                    }
                    assertNegotiated(client, uri, scenario, expect, raw.result().orElseThrow(), relay, container);
                }
            });
        }
    }

    /**
     * The same scenarios through WebFlux's JSR-356 client, auto-configured as the reactive client when Reactor Netty
     * is absent: what the server chose is in the session's attributes when the handler runs, and the large message
     * makes the round trip, compressed on the wire exactly when permessage-deflate was negotiated.
     */
    @ParameterizedTest(name = "{0} on {1}, reactive")
    @MethodSource("runs")
    void reactiveJsr356ClientNegotiatesWhatThePeerChoseAndMessagesFlow(Scenario scenario, ClientContainer container) {
        try (Peer peer = scenario.peer().get()) {
            Expect expect = expect(scenario, container);
            this.runner.withConfiguration(AutoConfigurations.of(HandshakeReactiveStandardAutoConfiguration.class))
                    .withClassLoader(new FilteredClassLoader(reactor.netty.http.client.HttpClient.class))
                    .withPropertyValues(properties(scenario))
                    .withPropertyValues("handshake.container=" + container.name().toLowerCase(Locale.ROOT))
                    .withBean(LargeBuffers.class, () -> new LargeBuffers(container))
                    .run(context -> {
                org.springframework.web.reactive.socket.client.WebSocketClient client = context
                        .getBean(org.springframework.web.reactive.socket.client.WebSocketClient.class);
                assertThat(client).isInstanceOf(ValidatingStandardWebSocketClient.class);
                try (CountingRelayAccess relay = CountingRelayAccess.start(peer.uri().getPort())) {
                    URI uri = URI.create("ws://127.0.0.1:" + relay.port() + peer.uri().getRawPath());
                    if (expect.refusal() != null) {
                        Throwable failure = catchThrowable(() -> client.execute(uri, session -> session.close())
                                .block(Duration.ofSeconds(10)));
                        assertThat(HandshakeException.find(failure)).as("cause chain of %s", failure)
                                .hasValueSatisfying(refusal -> {
                                    assertThat(refusal.error()).isEqualTo(expect.refusal());
                                    assertThat(refusal.getMessage()).contains(expect.reason());
                                });
                        return;
                    }
                    AtomicReference<HandshakeResult> result = new AtomicReference<>();
                    AtomicReference<String> echo = new AtomicReference<>();
                    AtomicLong before = new AtomicLong();
                    client.execute(uri, session -> {
                        result.set(HandshakeAttributes.result(session.getAttributes()).orElseThrow());
                        before.set(relay.bytes());
                        // Deferred: WebFlux's JSR-356 session closes when close() is called.
                        return session.send(Mono.fromSupplier(() -> session.textMessage(LARGE)))
                                .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                                .doOnNext(echo::set)
                                .then(Mono.defer(session::close));
                    }).block(Duration.ofSeconds(30));
                    long onTheWire = relay.bytes() - before.get();
                    assertThat(result.get().subprotocol()).contains(expect.subprotocol());
                    assertThat(result.get().perMessageDeflate().orElse(null)).isEqualTo(expect.deflate());
                    assertThat(LARGE.equals(echo.get())).as("the 880,000-character message came back intact")
                            .isTrue();
                    if (expect.deflate() != null) {
                        assertThat(onTheWire).as("bytes on the wire, compressed").isLessThan(LARGE.length() / 10);
                    }
                    else {
                        assertThat(onTheWire).as("bytes on the wire, uncompressed")
                                .isGreaterThan(2L * LARGE.length());
                    }
                }
            });
        }
    }

    private static void assertNegotiated(WebSocketClient client, String uri, Scenario scenario, Expect expect,
            HandshakeResult probed, CountingRelayAccess relay, ClientContainer container) throws Exception {
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocketSession session = client.execute(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                echoes.add(message.getPayload());
            }
        }, uri).get(10, TimeUnit.SECONDS);
        assertThat(((NativeWebSocketSession) session).getNativeSession().getClass().getName())
                .as("the session of the container asked for")
                .startsWith((container == ClientContainer.JETTY) ? "org.eclipse.jetty." : "org.apache.tomcat.");
        HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
        assertThat(result.subprotocol()).contains(expect.subprotocol());
        assertThat(result.subprotocolIndex()).isEqualTo(scenario.subprotocols().indexOf(expect.subprotocol()));
        assertThat(result.perMessageDeflate().orElse(null)).isEqualTo(expect.deflate());
        // What the server chose, as the probe saw it on its own connection.
        assertThat(result.subprotocolIndex()).isEqualTo(probed.subprotocolIndex());
        assertThat(result.extensionIndices()).containsExactly(probed.extensionIndices());
        assertThat(result.extensions()).extracting(NegotiatedExtension::answer)
                .containsExactlyElementsOf(probed.extensions().stream().map(NegotiatedExtension::answer).toList());
        assertThat(session.getAcceptedProtocol()).isEqualTo(expect.subprotocol());

        long before = relay.bytes();
        session.sendMessage(new TextMessage(LARGE));
        String echo = echoes.poll(20, TimeUnit.SECONDS);
        assertThat(LARGE.equals(echo)).as("the 880,000-character message came back intact").isTrue();
        long onTheWire = relay.bytes() - before;
        if (expect.deflate() != null) {
            assertThat(onTheWire).as("bytes on the wire, compressed").isLessThan(LARGE.length() / 10);
        }
        else {
            assertThat(onTheWire).as("bytes on the wire, uncompressed").isGreaterThan(2L * LARGE.length());
        }
        session.close();
    }

    private static void assertRefused(WebSocketClient client, String uri, Expect expect) {
        ExecutionException ex = assertThrows(ExecutionException.class,
                () -> client.execute(new TextWebSocketHandler(), uri).get(10, TimeUnit.SECONDS));
        assertThat(HandshakeException.find(ex)).as("cause chain of %s", ex).hasValueSatisfying(failure -> {
            assertThat(failure.error()).isEqualTo(expect.refusal());
            assertThat(failure.getMessage()).contains(expect.reason());
        });
    }

    private static String[] properties(Scenario scenario) {
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < scenario.subprotocols().size(); i++) {
            properties.add("handshake.subprotocols[" + i + "]=" + scenario.subprotocols().get(i));
        }
        for (int i = 0; i < scenario.extensions().size(); i++) {
            properties.add("handshake.extensions[" + i + "]=" + scenario.extensions().get(i));
        }
        return properties.toArray(String[]::new);
    }

    /**
     * What the client does with the scenario's answer on {@code container}: on Jetty's, an answer with
     * {@code client_no_context_takeover} to an offer without {@code server_no_context_takeover} is refused, since
     * Jetty's deflater would keep its context (see the README's Containers).
     */
    private static Expect expect(Scenario scenario, ClientContainer container) {
        if (container == ClientContainer.JETTY && scenario.name().endsWith("node-limited")) {
            return Expect.refused(HandshakeError.UNSUPPORTED_EXTENSION, "which Jetty's client cannot honour");
        }
        return scenario.expect();
    }

    private static void record(Scenario scenario, ClientContainer container, Peer peer, ProbeReport raw,
            Expect expect) {
        StringBuilder entry = new StringBuilder();
        entry.append("### ").append(scenario.name()).append(" on ").append(container).append(": ")
                .append(peer.description()).append("\n\n");
        entry.append("Offered subprotocols ").append(scenario.subprotocols()).append(", extensions ")
                .append(scenario.extensions()).append(".\n\n```\n");
        raw.statusLine().ifPresent(line -> entry.append(line).append('\n'));
        raw.headerLines().forEach(line -> entry.append(line).append('\n'));
        entry.append("```\n\nResult with the client on ").append(container).append("'s container: ")
                .append(expect).append("\n\n");
        synchronized (REPORT) {
            REPORT.add(entry.toString());
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path report = Path.of("target/interop-handshakes.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("", REPORT));
    }

    record Scenario(String name, Supplier<Peer> peer, List<String> subprotocols, List<String> extensions,
            Expect expect) {

        @Override
        public String toString() {
            return this.name;
        }
    }

    /** A negotiated subprotocol and permessage-deflate parameters (null: none), or a refusal. */
    record Expect(String subprotocol, PerMessageDeflateParameters deflate, HandshakeError refusal, String reason) {

        static Expect success(String subprotocol, PerMessageDeflateParameters deflate) {
            return new Expect(subprotocol, deflate, null, null);
        }

        static Expect refused(HandshakeError error, String reason) {
            return new Expect(null, null, error, reason);
        }

        @Override
        public String toString() {
            if (this.refusal != null) {
                return "refused, " + this.refusal + " (" + this.reason + ")";
            }
            return "subprotocol " + this.subprotocol + ", " + ((this.deflate != null) ? this.deflate.toString()
                    : "no extension") + "; 880,000-character round trip intact";
        }
    }
}
