package io.wshandshake.client;

import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Who owns the connect pool: each client its own, and a caller's executor stays the caller's. */
class ValidatingWebSocketClientBuilderTests {

    private final ValidatingWebSocketClientBuilder builder = new ValidatingWebSocketClientBuilder(
            HandshakeValidator.builder().negotiator(TransportLimits.jdkDeflaterNegotiator()).build());

    @Test
    void eachBuildMakesItsOwnPoolOfTheConfiguredSize() {
        this.builder.connectPoolSize(2);
        ValidatingWebSocketClient first = this.builder.build();
        ValidatingWebSocketClient second = this.builder.build();
        ThreadPoolTaskExecutor firstPool = (ThreadPoolTaskExecutor) first.getTaskExecutor();
        ThreadPoolTaskExecutor secondPool = (ThreadPoolTaskExecutor) second.getTaskExecutor();
        assertThat(firstPool).isNotSameAs(secondPool);
        assertThat(firstPool.getMaxPoolSize()).isEqualTo(2);
        first.destroy();
        assertThat(firstPool.getThreadPoolExecutor().isShutdown()).isTrue();
        assertThat(secondPool.getThreadPoolExecutor().isShutdown()).as("the other client's pool").isFalse();
        second.destroy();
    }

    @Test
    void aCallersExecutorIsNeverShutDownByTheClient() {
        ThreadPoolTaskExecutor own = new ThreadPoolTaskExecutor();
        own.initialize();
        ValidatingWebSocketClient client = this.builder.taskExecutor(own).build();
        assertThat(client.getTaskExecutor()).isSameAs(own);
        client.destroy();
        assertThat(own.getThreadPoolExecutor().isShutdown()).isFalse();
        own.shutdown();
    }

    @Test
    void aPoolNeedsAThread() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.builder.connectPoolSize(0))
                .withMessageContaining("at least 1");
    }

    @Test
    void theDefaultPool() {
        ValidatingWebSocketClient client = this.builder.build();
        assertThat(((ThreadPoolTaskExecutor) client.getTaskExecutor()).getMaxPoolSize())
                .isEqualTo(ValidatingWebSocketClientBuilder.DEFAULT_POOL_SIZE);
        client.destroy();
    }
}
