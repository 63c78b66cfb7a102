package io.wshandshake.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Boot's {@code spring.threads.virtual.enabled} on (Java 21+), connects run on virtual threads, still at most
 * {@code handshake.connect.pool-size} at a time, the others queued without blocking the caller of {@code execute};
 * and Boot's own beans stay as they are.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsTests {

    private static ConfigurableApplicationContext server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
            .withPropertyValues("spring.threads.virtual.enabled=true", "handshake.connect.pool-size=2");

    @BeforeAll
    static void startServer() {
        server = TestServerApplication.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void connectsRunOnVirtualThreadsAtMostPoolSizeAtATimeQueuedWithoutBlockingTheCaller() {
        this.runner.run(context -> {
            ValidatingWebSocketClient client = context.getBean(ValidatingWebSocketClient.class);
            String uri = "ws://127.0.0.1:" + TestServerApplication.port(server) + "/echo";
            HoldingHandler handler = new HoldingHandler();
            // Let go after a while in any case, so an executor that blocked this thread fails the test, not hangs.
            CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(handler.release::countDown);

            long start = System.nanoTime();
            List<CompletableFuture<WebSocketSession>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(client.execute(handler, uri));
            }
            long callerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(callerMillis).as("time the caller spent in six execute calls").isLessThan(2_000);

            // Connects open sessions on the connecting thread; the handler holds it there.
            await().atMost(java.time.Duration.ofSeconds(4)).until(() -> handler.inside.get() == 2);
            Thread.sleep(300);
            assertThat(handler.inside).as("connects at a time").hasValue(2);
            assertThat(futures).filteredOn(CompletableFuture::isDone).isEmpty();
            handler.release.countDown();

            for (CompletableFuture<WebSocketSession> future : futures) {
                future.get(10, TimeUnit.SECONDS).close();
            }
            assertThat(handler.most).hasValue(2);
            assertThat(handler.threads).hasSize(6).allSatisfy(thread -> {
                assertThat(isVirtual(thread)).as("%s is virtual", thread).isTrue();
                assertThat(thread.getName()).startsWith("handshake-connect-");
            });
        });
    }

    @Test
    void bootsBeansStayBoots() {
        BootBeansUndisturbedTests.assertUndisturbed(
                new ApplicationContextRunner().withPropertyValues("spring.threads.virtual.enabled=true"),
                BootBeansUndisturbedTests.AsyncAndScheduling.class);
    }

    static boolean isVirtual(Thread thread) {
        try {
            // Thread.isVirtual() is Java 21 API; this module compiles for Java 17.
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Keeps each connecting thread in afterConnectionEstablished until released, counting them. */
    static class HoldingHandler extends TextWebSocketHandler {

        final CountDownLatch release = new CountDownLatch(1);

        final AtomicInteger inside = new AtomicInteger();

        final AtomicInteger most = new AtomicInteger();

        final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
            this.threads.add(Thread.currentThread());
            this.most.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
            try {
                this.release.await(10, TimeUnit.SECONDS);
            }
            finally {
                this.inside.decrementAndGet();
            }
        }
    }
}
