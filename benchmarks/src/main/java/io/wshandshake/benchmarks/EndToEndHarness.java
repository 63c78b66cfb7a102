package io.wshandshake.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.wshandshake.benchmarks.server.EchoServer;
import io.wshandshake.client.ValidatingWebSocketClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * End to end: real connects to a local Tomcat WebSocket server with Spring's plain {@code StandardWebSocketClient}
 * and with the validating client, interleaved in one run, on the same executor and the same offers (subprotocol
 * v1.chat, permessage-deflate). Prints the median and p99 of a connect, sequential and 64 at a time, and the ratio
 * ours/plain. Usage:
 * {@code java -cp benchmarks.jar io.wshandshake.benchmarks.EndToEndHarness [sequential] [rounds] [warmup]}
 */
public final class EndToEndHarness {

    private static final int PARALLELISM = 64;

    private EndToEndHarness() {
    }

    public static void main(String[] args) throws Exception {
        int sequential = (args.length > 0) ? Integer.parseInt(args[0]) : 3000;
        int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 60;
        // Enough connects for the JIT to compile both clients' paths fully (C2 needs about 10,000 calls).
        int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 10_000;
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(EchoServer.class)
                .properties("server.port=0", "handshake.enabled=false", "spring.main.banner-mode=off",
                        "logging.level.root=warn", "server.tomcat.threads.max=200")
                .run()) {
            URI uri = URI.create("ws://127.0.0.1:"
                    + ((WebServerApplicationContext) server).getWebServer().getPort() + "/echo");
            ThreadPoolTaskExecutor executor = HarnessClients.executor(PARALLELISM);
            StandardWebSocketClient plain = HarnessClients.plain(executor);
            WebSocketHttpHeaders plainOffers = HarnessClients.plainOffers();
            ValidatingWebSocketClient ours = HarnessClients.ours(executor);

            Contender plainContender = new Contender("StandardWebSocketClient", plain, plainOffers, uri);
            Contender oursContender = new Contender("ValidatingWebSocketClient", ours, new WebSocketHttpHeaders(), uri);

            System.out.println("Warming up...");
            runSequential(plainContender, oursContender, warmup);
            runParallel(plainContender, oursContender, Math.max(5, rounds / 4));
            plainContender.reset();
            oursContender.reset();

            runSequential(plainContender, oursContender, sequential);
            long[] plainSequential = plainContender.latencies();
            long[] oursSequential = oursContender.latencies();
            plainContender.reset();
            oursContender.reset();

            runParallel(plainContender, oursContender, rounds);
            long[] plainParallel = plainContender.latencies();
            long[] oursParallel = oursContender.latencies();

            System.out.println();
            System.out.printf(Locale.ROOT, "| mode | connects per client | plain median | ours median | ratio | "
                    + "plain p99 | ours p99 | ratio |%n|---|---|---|---|---|---|---|---|%n");
            row("sequential", plainSequential, oursSequential);
            row(PARALLELISM + " at a time", plainParallel, oursParallel);
            ours.destroy();
            executor.shutdown();
        }
    }

    private static void row(String mode, long[] plain, long[] ours) {
        double plainMedian = percentile(plain, 50);
        double oursMedian = percentile(ours, 50);
        double plainP99 = percentile(plain, 99);
        double oursP99 = percentile(ours, 99);
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f µs | %.1f µs | %.3f | %.1f µs | %.1f µs | %.3f |%n", mode,
                plain.length, plainMedian, oursMedian, oursMedian / plainMedian, plainP99, oursP99,
                oursP99 / plainP99);
    }

    /** Alternates which client goes first, so neither always meets a warmer server. */
    private static void runSequential(Contender a, Contender b, int connects) throws Exception {
        for (int i = 0; i < connects; i++) {
            Contender first = (i % 2 == 0) ? a : b;
            Contender second = (first == a) ? b : a;
            first.connectOnce();
            second.connectOnce();
        }
    }

    private static void runParallel(Contender a, Contender b, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            Contender first = (i % 2 == 0) ? a : b;
            Contender second = (first == a) ? b : a;
            first.connectMany(PARALLELISM);
            second.connectMany(PARALLELISM);
        }
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000.0;
    }

    /** One client, its offers, and the connect latencies it measured. */
    private static final class Contender {

        private final String name;

        private final WebSocketClient client;

        private final WebSocketHttpHeaders headers;

        private final URI uri;

        private final List<Long> latencies = new ArrayList<>();

        Contender(String name, WebSocketClient client, WebSocketHttpHeaders headers, URI uri) {
            this.name = name;
            this.client = client;
            this.headers = headers;
            this.uri = uri;
        }

        void connectOnce() throws Exception {
            long start = System.nanoTime();
            WebSocketSession session = this.client.execute(new TextWebSocketHandler(), this.headers, this.uri)
                    .get(30, TimeUnit.SECONDS);
            this.latencies.add(System.nanoTime() - start);
            check(session);
            session.close();
        }

        void connectMany(int count) throws Exception {
            List<CompletableFuture<Long>> connects = new ArrayList<>(count);
            List<CompletableFuture<WebSocketSession>> sessions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                CompletableFuture<WebSocketSession> session = this.client.execute(new TextWebSocketHandler(),
                        this.headers, this.uri);
                sessions.add(session);
                connects.add(session.thenApply(opened -> System.nanoTime() - start));
            }
            for (int i = 0; i < count; i++) {
                this.latencies.add(connects.get(i).get(30, TimeUnit.SECONDS));
                WebSocketSession session = sessions.get(i).get();
                check(session);
                session.close();
            }
        }

        private void check(WebSocketSession session) {
            if (!"v1.chat".equals(session.getAcceptedProtocol()) || session.getExtensions().isEmpty()) {
                throw new IllegalStateException(this.name + " did not negotiate v1.chat and permessage-deflate");
            }
        }

        long[] latencies() {
            return this.latencies.stream().mapToLong(Long::longValue).toArray();
        }

        void reset() {
            this.latencies.clear();
        }
    }
}
