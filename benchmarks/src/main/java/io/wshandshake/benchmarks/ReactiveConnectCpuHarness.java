package io.wshandshake.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.TransportLimits;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingJettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import io.wshandshake.core.HandshakeValidator;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.client.JettyWebSocketClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import org.springframework.web.reactive.socket.client.TomcatWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * What one connect of WebFlux's JSR-356 client costs the client's process in CPU time, ours
 * ({@link ValidatingStandardWebSocketClient}) against Spring's plain reactive {@code TomcatWebSocketClient} on Tomcat
 * (the same session type) or {@code StandardWebSocketClient} on Jetty, in one
 * run, on the same container kind, against the echo server of {@link ConnectCpuHarness} in a second JVM. Both offer
 * the subprotocol v1.chat and no extension (Spring's reactive JSR-356 client cannot offer one); each connect opens the
 * session, checks the subprotocol in the handler, closes the session and reads until the server's close frame. The
 * clients take turns in blocks. Usage:
 * {@code java -cp benchmarks.jar io.wshandshake.benchmarks.ReactiveConnectCpuHarness [blocks] [block size] [warmup]
 * [tomcat|jetty|jetty-native]}; with {@code jetty-native} the two are WebFlux's {@code JettyWebSocketClient} on
 * Jetty's native client and {@code ValidatingJettyWebSocketClient}.
 */
public final class ReactiveConnectCpuHarness {

    private static final int PARALLELISM = 64;

    private ReactiveConnectCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int blocks = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
        int blockSize = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
        int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 4000;
        String kind = (args.length > 3) ? args[3].toLowerCase(Locale.ROOT) : "tomcat";
        Process server = ConnectCpuHarness.startServer();
        try {
            URI uri = URI.create("ws://127.0.0.1:" + ConnectCpuHarness.readPort(server) + "/echo");
            if (kind.equals("jetty-native")) {
                runJettyNative(uri, blocks, blockSize, warmup);
            }
            else {
                run(uri, blocks, blockSize, warmup, ClientContainer.valueOf(kind.toUpperCase(Locale.ROOT)));
            }
        }
        finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void runJettyNative(URI uri, int blocks, int blockSize, int warmup) throws Exception {
        JettyWebSocketClient plain = new JettyWebSocketClient();
        plain.start();
        ValidatingJettyWebSocketClient ours = new ValidatingJettyWebSocketClient(validator(), List.of(),
                Duration.ofSeconds(10), null);
        System.out.println("Both reactive clients on Jetty's native WebSocket client");
        compare("Reactive Jetty native", new Contender(plain, uri), new Contender(ours, uri), blocks, blockSize,
                warmup);
        ours.destroy();
        plain.stop();
    }

    private static HandshakeValidator validator() {
        return HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
    }

    private static void run(URI uri, int blocks, int blockSize, int warmup, ClientContainer container)
            throws Exception {
        // On Tomcat, Spring's TomcatWebSocketClient: the session type ours uses there (it reads on demand).
        // -Dharness.pool sets the size of ours's connect pool (64 by default, one thread per parallel connect).
        jakarta.websocket.WebSocketContainer plainContainer = HarnessClients.container(container);
        StandardWebSocketClient plain = (container == ClientContainer.TOMCAT)
                ? new TomcatWebSocketClient((org.apache.tomcat.websocket.WsWebSocketContainer) plainContainer)
                : new StandardWebSocketClient(plainContainer);
        ValidatingStandardWebSocketClient ours = new ValidatingStandardWebSocketClient(
                new ValidatingWebSocketClientBuilder(validator()).clientContainer(container)
                        .connectPoolSize(Integer.getInteger("harness.pool", PARALLELISM)).build());
        System.out.println("Both reactive clients on " + container + "'s container");
        compare("Reactive JSR-356 on " + container, new Contender(plain, uri), new Contender(ours, uri), blocks,
                blockSize, warmup);
        ours.destroy();
        // Jetty's container runs non-daemon threads: stopped, or this JVM would not end.
        org.eclipse.jetty.util.component.LifeCycle.stop(plainContainer);
    }

    /** Warms both up, then times them taking turns in blocks, sequentially and 64 at a time, and prints the table. */
    private static void compare(String label, Contender plainContender, Contender oursContender, int blocks,
            int blockSize, int warmup) throws Exception {
        System.out.println("Warming up (" + warmup + " connects each)...");
        for (int i = 0; i < warmup / blockSize + 1; i++) {
            plainContender.sequential(blockSize);
            oursContender.sequential(blockSize);
        }
        plainContender.reset();
        oursContender.reset();
        for (int i = 0; i < blocks; i++) {
            Contender first = (i % 2 == 0) ? plainContender : oursContender;
            Contender second = (first == plainContender) ? oursContender : plainContender;
            first.sequential(blockSize);
            second.sequential(blockSize);
        }
        String sequential = row("sequential", plainContender, oursContender);
        plainContender.reset();
        oursContender.reset();
        for (int i = 0; i < blocks; i++) {
            Contender first = (i % 2 == 0) ? plainContender : oursContender;
            Contender second = (first == plainContender) ? oursContender : plainContender;
            first.parallel(blockSize);
            second.parallel(blockSize);
        }
        String parallel = row(PARALLELISM + " at a time", plainContender, oursContender);
        System.out.println();
        System.out.println("| mode | connects per client | plain CPU per connect | ours CPU per connect | ratio |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(sequential);
        System.out.println(parallel);
        ConnectProfile.profile(label, PARALLELISM, plainContender, oursContender);
    }

    private static String row(String mode, Contender plain, Contender ours) {
        double plainMicros = plain.cpuNanos / 1000.0 / plain.connects;
        double oursMicros = ours.cpuNanos / 1000.0 / ours.connects;
        return String.format(Locale.ROOT, "| %s | %d | %.1f µs | %.1f µs | %.3f |", mode, plain.connects,
                plainMicros, oursMicros, oursMicros / plainMicros);
    }

    /** One reactive client and the CPU time its connects cost this process. */
    private static final class Contender implements ConnectProfile.Runs {

        private static final WebSocketHandler HANDLER = new WebSocketHandler() {

            @Override
            public List<String> getSubProtocols() {
                return List.of("v1.chat");
            }

            @Override
            public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
                if (!"v1.chat".equals(session.getHandshakeInfo().getSubProtocol())) {
                    return Mono.error(new IllegalStateException("The connect did not negotiate v1.chat"));
                }
                // Close, then read until the server's close frame: these sessions read on demand, and one never
                // read again keeps its socket in CLOSE_WAIT (one file descriptor per connect, until the process
                // runs out of them).
                return session.close().thenMany(session.receive()).then();
            }
        };

        private final WebSocketClient client;

        private final URI uri;

        long cpuNanos;

        long connects;

        Contender(WebSocketClient client, URI uri) {
            this.client = client;
            this.uri = uri;
        }

        @Override
        public void sequential(int count) {
            long start = ConnectCpuHarness.processCpuNanos();
            for (int i = 0; i < count; i++) {
                this.client.execute(this.uri, HANDLER).block(Duration.ofSeconds(30));
            }
            this.cpuNanos += ConnectCpuHarness.processCpuNanos() - start;
            this.connects += count;
        }

        @Override
        public void parallel(int count) {
            long start = ConnectCpuHarness.processCpuNanos();
            for (int done = 0; done < count; done += PARALLELISM) {
                List<Mono<Void>> connects = new ArrayList<>(PARALLELISM);
                for (int i = 0; i < PARALLELISM; i++) {
                    connects.add(this.client.execute(this.uri, HANDLER));
                }
                Mono.when(connects).block(Duration.ofSeconds(60));
            }
            this.cpuNanos += ConnectCpuHarness.processCpuNanos() - start;
            this.connects += ((count + PARALLELISM - 1) / PARALLELISM) * PARALLELISM;
        }

        void reset() {
            this.cpuNanos = 0;
            this.connects = 0;
        }
    }
}
