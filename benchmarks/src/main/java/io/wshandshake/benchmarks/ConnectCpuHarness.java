package io.wshandshake.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.wshandshake.benchmarks.server.EchoServer;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ValidatingWebSocketClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * What one connect costs the client's process in CPU time, ours against Spring's plain
 * {@code StandardWebSocketClient}, measured in one run. The server runs in another JVM, so the CPU time of this
 * process is the client's alone (its threads, the container's I/O threads, the JIT and the GC). The two clients take
 * turns in blocks of connects, so slow drifts of the machine fall on both; the ratio of the sums is what to quote.
 * Both run on one client container, Tomcat's by default, Jetty's when the fourth argument says {@code jetty}; with
 * {@code reactor-netty} the two are the reactive clients instead, {@code ValidatingReactorNettyWebSocketClient} against
 * Spring's plain {@code ReactorNettyWebSocketClient}.
 * Usage: {@code java -cp benchmarks.jar io.wshandshake.benchmarks.ConnectCpuHarness [blocks] [block size] [warmup]
 * [tomcat|jetty|reactor-netty]}
 */
public final class ConnectCpuHarness {

    private static final int PARALLELISM = 64;

    private ConnectCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve();
            return;
        }
        int blocks = (args.length > 0) ? Integer.parseInt(args[0]) : 40;
        int blockSize = (args.length > 1) ? Integer.parseInt(args[1]) : 250;
        int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 10_000;
        String kind = (args.length > 3) ? args[3].toLowerCase(Locale.ROOT) : "tomcat";
        Process server = startServer();
        try {
            URI uri = URI.create("ws://127.0.0.1:" + readPort(server) + "/echo");
            if (kind.equals("reactor-netty")) {
                runReactive(uri, blocks, blockSize, warmup);
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

    private static void run(URI uri, int blocks, int blockSize, int warmup, ClientContainer container)
            throws Exception {
        ThreadPoolTaskExecutor executor = HarnessClients.executor(PARALLELISM);
        StandardWebSocketClient plain = HarnessClients.plain(executor, container);
        WebSocketHttpHeaders plainOffers = HarnessClients.plainOffers();
        ValidatingWebSocketClient ours = HarnessClients.ours(executor, container);
        System.out.println("Both clients on " + container + "'s container");
        measure("Servlet client on " + container, new Contender(servlet(plain, plainOffers, uri)),
                new Contender(servlet(ours, new WebSocketHttpHeaders(), uri)), blocks, blockSize, warmup);
        ours.destroy();
        executor.shutdown();
    }

    /** Ours and Spring's plain Reactor Netty client, each on its own {@code HttpClient} with Reactor's event loops. */
    private static void runReactive(URI uri, int blocks, int blockSize, int warmup) throws Exception {
        System.out.println("Both clients on Reactor Netty");
        measure("Reactor Netty", new Contender(reactive(HarnessClients.plainReactive(), uri)),
                new Contender(reactive(HarnessClients.oursReactive(), uri)), blocks, blockSize, warmup);
    }

    private static void measure(String label, Contender plainContender, Contender oursContender, int blocks,
            int blockSize, int warmup) throws Exception {
        System.out.println("Warming up (" + warmup + " connects each)...");
        for (int i = 0; i < warmup / blockSize + 1; i++) {
            plainContender.sequential(blockSize);
            oursContender.sequential(blockSize);
        }
        oursContender.parallel(PARALLELISM * 4);
        plainContender.parallel(PARALLELISM * 4);
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

    /** One connect of a servlet client: the session, checked and closed on the thread that waits for it. */
    private static Connect servlet(WebSocketClient client, WebSocketHttpHeaders headers, URI uri) {
        return () -> client.execute(new TextWebSocketHandler(), headers, uri).thenApply(session -> (Finish) () -> {
            check(session.getAcceptedProtocol(), !session.getExtensions().isEmpty());
            session.close();
        });
    }

    /** One connect of a reactive client: the handler checks the session and closes it; done when it is closed. */
    private static Connect reactive(org.springframework.web.reactive.socket.client.WebSocketClient client, URI uri) {
        return () -> client.execute(uri, session -> {
            HandshakeInfo info = session.getHandshakeInfo();
            String extensions = info.getHeaders().getFirst("Sec-WebSocket-Extensions");
            check(info.getSubProtocol(), extensions != null && extensions.startsWith("permessage-deflate"));
            return session.close();
        }).toFuture().thenApply(done -> (Finish) () -> { });
    }

    private static void check(String subprotocol, boolean deflate) {
        if (!"v1.chat".equals(subprotocol) || !deflate) {
            throw new IllegalStateException("The connect did not negotiate v1.chat and permessage-deflate");
        }
    }

    private static String row(String mode, Contender plain, Contender ours) {
        double plainMicros = plain.cpuNanos / 1000.0 / plain.connects;
        double oursMicros = ours.cpuNanos / 1000.0 / ours.connects;
        return String.format(Locale.ROOT, "| %s | %d | %.1f µs | %.1f µs | %.3f |", mode, plain.connects,
                plainMicros, oursMicros, oursMicros / plainMicros);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static Process startServer() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ConnectCpuHarness.class.getName(), "serve").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static int readPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.US_ASCII));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("The server process ended without saying its port");
    }

    /** The server process: the echo server until its parent closes its standard input. */
    private static void serve() throws Exception {
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(EchoServer.class)
                .properties("server.port=0", "handshake.enabled=false", "spring.main.banner-mode=off",
                        "logging.level.root=warn", "server.tomcat.threads.max=200")
                .run()) {
            System.out.println("PORT " + ((WebServerApplicationContext) server).getWebServer().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to go away
            }
        }
    }

    /** One connect: completes with what finishes it (check and close) on the thread that waits. */
    @FunctionalInterface
    private interface Connect {

        CompletableFuture<Finish> start();
    }

    @FunctionalInterface
    private interface Finish {

        void run() throws Exception;
    }

    /** One client's connects and the CPU time they cost this process. */
    private static final class Contender implements ConnectProfile.Runs {

        private final Connect connect;

        long cpuNanos;

        long connects;

        Contender(Connect connect) {
            this.connect = connect;
        }

        @Override
        public void sequential(int count) throws Exception {
            long start = processCpuNanos();
            for (int i = 0; i < count; i++) {
                this.connect.start().get(30, TimeUnit.SECONDS).run();
            }
            this.cpuNanos += processCpuNanos() - start;
            this.connects += count;
        }

        @Override
        public void parallel(int count) throws Exception {
            long start = processCpuNanos();
            for (int done = 0; done < count; done += PARALLELISM) {
                List<CompletableFuture<Finish>> sessions = new ArrayList<>(PARALLELISM);
                for (int i = 0; i < PARALLELISM; i++) {
                    sessions.add(this.connect.start());
                }
                for (CompletableFuture<Finish> future : sessions) {
                    future.get(30, TimeUnit.SECONDS).run();
                }
            }
            this.cpuNanos += processCpuNanos() - start;
            this.connects += ((count + PARALLELISM - 1) / PARALLELISM) * PARALLELISM;
        }

        void reset() {
            this.cpuNanos = 0;
            this.connects = 0;
        }
    }
}
