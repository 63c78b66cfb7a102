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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveStandardAutoConfiguration;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.CountingRelayAccess;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.LargeBuffers;
import io.wshandshake.client.reactive.ValidatingJettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientCustomizer;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import io.wshandshake.core.HandshakeError;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.sample.probe.HandshakeProbe;
import io.wshandshake.sample.probe.ProbeReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.WebsocketClientSpec;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
 * The auto-configured clients (the servlet client on Tomcat's and on Jetty's container, and the reactive client on
 * Reactor Netty) against real servers nobody here wrote. For each peer and setting: the raw answer is
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

    private static final int LARGE_FRAMES = 8 * 1024 * 1024;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class));

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("node-default", () -> ProcessPeer.nodeWs("deflate-default"), CHAT, List.of(DEFLATE_HINT),
                        Expect.success("v1.chat", new PerMessageDeflateParameters(false, false, 15, 15))),
                new Scenario("node-limited", () -> ProcessPeer.nodeWs("deflate-limited"), List.of("v2.chat"),
                        List.of(DEFLATE), Expect.success("v2.chat", new PerMessageDeflateParameters(true, true, 10, 15))),
                // What Reactor Netty's client needs to accept that answer: client_no_context_takeover offered.
                new Scenario("node-limited-offered", () -> ProcessPeer.nodeWs("deflate-limited"), List.of("v2.chat"),
                        List.of(DEFLATE + "; client_no_context_takeover"),
                        Expect.success("v2.chat", new PerMessageDeflateParameters(true, true, 10, 15))),
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

    /**
     * Every scenario with each client: the servlet client and WebFlux's JSR-356 client on each container, and Reactor
     * Netty's.
     */
    static Stream<Arguments> runs() {
        return scenarios().flatMap(scenario -> Stream.of(Client.values())
                .map(client -> Arguments.of(scenario, client)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void clientNegotiatesWhatThePeerChoseAndMessagesFlow(Scenario scenario, Client client) {
        List<String> extensions = offers(scenario, client);
        try (Peer peer = scenario.peer().get()) {
            ProbeReport raw = new HandshakeProbe().probe(peer.uri(), scenario.subprotocols(), extensions,
                    true, Duration.ofSeconds(10));
            Expect expect = expect(scenario, client);
            record(scenario, client, extensions, peer, raw, expect);
            // The probe judges by the rules all clients share (RFC 6455 and 7692, and the JDK's 15-bit window):
            // it refuses what every client refuses, and a refusal only Jetty makes is the client's alone.
            assertThat(raw.exitCode()).as("the probe's verdict on %s", peer.description())
                    .isEqualTo((scenario.expect().refusal() != null) ? 2 : 0);
            if (client == Client.REACTOR_NETTY) {
                runReactive(peer, scenario, extensions, expect, raw);
                return;
            }
            if (client == Client.JETTY_NATIVE) {
                runJettyNative(peer, scenario, expect, raw);
                return;
            }
            if (client.reactive()) {
                runReactiveStandard(peer, scenario, client.container(), expect, raw);
                return;
            }
            ClientContainer container = client.container();
            this.runner.withPropertyValues(properties(scenario))
                    .withPropertyValues("handshake.container=" + container.name().toLowerCase(Locale.ROOT))
                    .withBean(LargeBuffers.class, () -> new LargeBuffers(container))
                    .run(context -> {
                WebSocketClient webSocketClient = context.getBean(WebSocketClient.class);
                try (CountingRelayAccess relay = CountingRelayAccess.start(peer.uri().getPort())) {
                    String uri = "ws://127.0.0.1:" + relay.port() + peer.uri().getRawPath();
                    if (expect.refusal() != null) {
                        assertRefused(webSocketClient, uri, expect);
                        return;
                    }
                    assertNegotiated(webSocketClient, uri, scenario, expect, raw.result().orElseThrow(), relay,
                            container);
                }
            });
        }
    }

    /**
     * The auto-configured {@link ValidatingReactorNettyWebSocketClient}, with the scenario's subprotocols and the
     * extension offers it can make as {@code handshake.reactive.extensions}, and frames up to 8 MiB.
     */
    private void runReactive(Peer peer, Scenario scenario, List<String> extensions, Expect expect,
            ProbeReport raw) {
        ApplicationContextRunner runner = this.runner
                .withConfiguration(AutoConfigurations.of(HandshakeReactiveAutoConfiguration.class))
                .withPropertyValues(properties(scenario))
                .withPropertyValues("handshake.reactive.extensions=" + String.join(",", extensions))
                .withBean(ValidatingReactorNettyWebSocketClientCustomizer.class, () -> builder -> builder
                        .websocketClientSpec(() -> WebsocketClientSpec.builder().maxFramePayloadLength(LARGE_FRAMES)));
        runReactiveClient(runner, ValidatingReactorNettyWebSocketClient.class, peer, scenario, expect, raw);
    }

    /**
     * WebFlux's JSR-356 client, auto-configured as the reactive client when Reactor Netty is absent, on the
     * scenario's container: the same offers as the servlet client there.
     */
    private void runReactiveStandard(Peer peer, Scenario scenario, ClientContainer container, Expect expect,
            ProbeReport raw) {
        ApplicationContextRunner runner = this.runner
                .withConfiguration(AutoConfigurations.of(HandshakeReactiveStandardAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(reactor.netty.http.client.HttpClient.class))
                .withPropertyValues(properties(scenario))
                .withPropertyValues("handshake.container=" + container.name().toLowerCase(Locale.ROOT))
                .withBean(LargeBuffers.class, () -> new LargeBuffers(container));
        runReactiveClient(runner, ValidatingStandardWebSocketClient.class, peer, scenario, expect, raw);
    }

    /** WebFlux's client on Jetty's native client, declared as the README shows, taking messages of 8 MiB. */
    private void runJettyNative(Peer peer, Scenario scenario, Expect expect, ProbeReport raw) {
        ApplicationContextRunner runner = this.runner.withPropertyValues(properties(scenario))
                .withUserConfiguration(JettyNativeClient.class);
        runReactiveClient(runner, ValidatingJettyWebSocketClient.class, peer, scenario, expect, raw);
    }

    /** Runs the scenario with the reactive client {@code runner} configures, which must be a {@code type}. */
    private static void runReactiveClient(ApplicationContextRunner runner, Class<?> type, Peer peer,
            Scenario scenario, Expect expect, ProbeReport raw) {
        runner.run(context -> {
            org.springframework.web.reactive.socket.client.WebSocketClient client = context
                    .getBean(org.springframework.web.reactive.socket.client.WebSocketClient.class);
            assertThat(client).isInstanceOf(type);
            try (CountingRelayAccess relay = CountingRelayAccess.start(peer.uri().getPort())) {
                URI uri = URI.create("ws://127.0.0.1:" + relay.port() + peer.uri().getRawPath());
                if (expect.refusal() != null) {
                    assertRefusedReactive(client, uri, expect);
                    return;
                }
                assertNegotiatedReactive(client, uri, scenario, expect, raw.result().orElseThrow(), relay);
            }
        });
    }

    /**
     * The extensions a client offers in a scenario. Reactor Netty's client can offer only a plain
     * {@code permessage-deflate} (with at most the two {@code no_context_takeover} parameters): where a scenario
     * offers the {@code client_max_window_bits} hint, it offers plain {@code permessage-deflate}, and the probe asks
     * the same; a scenario whose point is the server's answer to that hint does not apply to it. Jetty's client
     * cannot offer {@code client_no_context_takeover}.
     */
    private static List<String> offers(Scenario scenario, Client client) {
        if (client.container() == ClientContainer.JETTY && scenario.extensions().stream()
                .anyMatch(offer -> offer.contains("client_no_context_takeover"))) {
            Assumptions.abort("Jetty's client cannot offer client_no_context_takeover (it applies it to its inflater, "
                    + "not its deflater): handshake.extensions refuses it at start-up");
        }
        if (client != Client.REACTOR_NETTY || !scenario.extensions().contains(DEFLATE_HINT)) {
            return scenario.extensions();
        }
        if (scenario.expect().refusal() != null) {
            Assumptions.abort("Reactor Netty's client cannot offer " + DEFLATE_HINT + ", and this scenario is the "
                    + "server's answer to that hint (without it, " + scenario.name() + " is another scenario)");
        }
        return scenario.extensions().stream().map(offer -> DEFLATE_HINT.equals(offer) ? DEFLATE : offer).toList();
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

    private static void assertNegotiatedReactive(
            org.springframework.web.reactive.socket.client.WebSocketClient client, URI uri, Scenario scenario,
            Expect expect, HandshakeResult probed, CountingRelayAccess relay) {
        AtomicReference<HandshakeResult> negotiated = new AtomicReference<>();
        AtomicReference<String> accepted = new AtomicReference<>();
        AtomicReference<String> echo = new AtomicReference<>();
        AtomicLong before = new AtomicLong();
        client.execute(uri, session -> {
            negotiated.set(HandshakeAttributes.result(session.getAttributes()).orElse(null));
            accepted.set(session.getHandshakeInfo().getSubProtocol());
            before.set(relay.bytes());
            // Spring aggregates the frames of a message up to the spec's maxFramePayloadLength: one message back.
            Mono<String> received = session.receive().map(WebSocketMessage::getPayloadAsText).next();
            Mono<Boolean> sent = session.send(Mono.just(session.textMessage(LARGE))).thenReturn(true);
            // Deferred: WebFlux's JSR-356 session closes when close() is called, not when it is subscribed to.
            return Mono.zip(received, sent).doOnNext(both -> echo.set(both.getT1())).then(Mono.defer(session::close));
        }).block(Duration.ofSeconds(30));
        long onTheWire = relay.bytes() - before.get();

        HandshakeResult result = negotiated.get();
        assertThat(result).as("the handshake result in the session's attributes").isNotNull();
        assertThat(result.subprotocol()).contains(expect.subprotocol());
        assertThat(result.subprotocolIndex()).isEqualTo(scenario.subprotocols().indexOf(expect.subprotocol()));
        assertThat(result.perMessageDeflate().orElse(null)).isEqualTo(expect.deflate());
        assertThat(result.subprotocolIndex()).isEqualTo(probed.subprotocolIndex());
        assertThat(result.extensionIndices()).containsExactly(probed.extensionIndices());
        assertThat(result.extensions()).extracting(NegotiatedExtension::answer)
                .containsExactlyElementsOf(probed.extensions().stream().map(NegotiatedExtension::answer).toList());
        assertThat(accepted.get()).isEqualTo(expect.subprotocol());
        assertThat(LARGE.equals(echo.get())).as("the 880,000-character message came back intact").isTrue();
        if (expect.deflate() != null) {
            assertThat(onTheWire).as("bytes on the wire, compressed").isLessThan(LARGE.length() / 10);
        }
        else {
            assertThat(onTheWire).as("bytes on the wire, uncompressed").isGreaterThan(2L * LARGE.length());
        }
    }

    private static void assertRefusedReactive(
            org.springframework.web.reactive.socket.client.WebSocketClient client, URI uri, Expect expect) {
        AtomicBoolean handled = new AtomicBoolean();
        Throwable failure = catchThrowable(() -> client.execute(uri, session -> {
            handled.set(true);
            return session.close();
        }).block(Duration.ofSeconds(10)));
        assertThat(HandshakeException.find(failure)).as("cause chain of %s", failure).hasValueSatisfying(refusal -> {
            assertThat(refusal.error()).isEqualTo(expect.refusal());
            assertThat(refusal.getMessage()).contains(expect.reason());
        });
        assertThat(handled).as("the handler ran").isFalse();
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
     * What the client does with the scenario's answer: on Jetty's container, an answer with
     * {@code client_no_context_takeover} to an offer without {@code server_no_context_takeover} is refused, since
     * Jetty's deflater would keep its context (see the README's Containers). Reactor Netty's client refuses an
     * answer with {@code client_no_context_takeover} it did not offer (Netty's handshaker accepts the parameter only
     * when it offered it, although RFC 7692 section 7.1.1.2 lets a server add it): the validator accepted the answer,
     * Netty's refusal comes after it, in the same taxonomy, before the handler runs.
     */
    private static Expect expect(Scenario scenario, Client client) {
        if (client.container() == ClientContainer.JETTY && scenario.name().endsWith("node-limited")) {
            return Expect.refused(HandshakeError.UNSUPPORTED_EXTENSION, "which Jetty's client cannot honour");
        }
        if (client == Client.REACTOR_NETTY && scenario.name().endsWith("node-limited")) {
            return Expect.refused(HandshakeError.UNSUPPORTED_EXTENSION,
                    "Reactor Netty refused the negotiated extensions");
        }
        return scenario.expect();
    }

    private static void record(Scenario scenario, Client client, List<String> extensions, Peer peer,
            ProbeReport raw, Expect expect) {
        StringBuilder entry = new StringBuilder();
        entry.append("### ").append(scenario.name()).append(" on ").append(client).append(": ")
                .append(peer.description()).append("\n\n");
        entry.append("Offered subprotocols ").append(scenario.subprotocols()).append(", extensions ")
                .append(extensions).append(".\n\n```\n");
        raw.statusLine().ifPresent(line -> entry.append(line).append('\n'));
        raw.headerLines().forEach(line -> entry.append(line).append('\n'));
        entry.append("```\n\nResult with ").append(client.description()).append(": ")
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

    /** The clients every scenario runs with. */
    @Configuration(proxyBeanMethods = false)
    static class JettyNativeClient {

        @Bean
        ValidatingJettyWebSocketClient jettyNativeClient(HandshakeValidator validator) {
            ValidatingJettyWebSocketClient client = new ValidatingJettyWebSocketClient(validator, List.of(),
                    Duration.ofSeconds(10), null);
            client.getJettyClient().setMaxTextMessageSize(LARGE_FRAMES);
            client.getJettyClient().setMaxFrameSize(LARGE_FRAMES);
            return client;
        }
    }

    enum Client {

        TOMCAT(ClientContainer.TOMCAT, "the servlet client on Tomcat's container"),

        JETTY(ClientContainer.JETTY, "the servlet client on Jetty's container"),

        REACTOR_NETTY(null, "the reactive client on Reactor Netty"),

        REACTIVE_TOMCAT(ClientContainer.TOMCAT, "WebFlux's JSR-356 client on Tomcat's container"),

        REACTIVE_JETTY(ClientContainer.JETTY, "WebFlux's JSR-356 client on Jetty's container"),

        JETTY_NATIVE(ClientContainer.JETTY, "WebFlux's client on Jetty's native WebSocket client");

        private final ClientContainer container;

        private final String description;

        Client(ClientContainer container, String description) {
            this.container = container;
            this.description = description;
        }

        /** Whether this is WebFlux's JSR-356 client (on {@link #container()}). */
        boolean reactive() {
            return name().startsWith("REACTIVE_");
        }

        ClientContainer container() {
            return this.container;
        }

        String description() {
            return this.description;
        }
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
