package io.wshandshake.autoconfigure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.client.ValidatingWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter only adds: in typical applications, with every auto-configuration on the test classpath as
 * {@code @EnableAutoConfiguration} orders them, each bean Boot defines without the starter is still defined with it
 * (same name, same type), and by-type lookups of the shared infrastructure find the same beans. A bean of ours that
 * Boot's {@code @ConditionalOnMissingBean} conditions can see (an {@code Executor}, say) would make Boot back off.
 * A client-only service with the starter alone, and {@code @Async} in it, is tested in the starter's module, whose
 * classpath is that service's.
 */
class BootBeansUndisturbedTests {

    private static final List<Class<?>> LOOKED_UP_BY_TYPE = List.of(Executor.class, TaskExecutor.class,
            AsyncTaskExecutor.class, TaskScheduler.class, ObservationRegistry.class, MeterRegistry.class);

    private static final String WITHOUT_THE_STARTER = "spring.autoconfigure.exclude="
            + HandshakeAutoConfiguration.class.getName() + "," + HandshakeMetricsAutoConfiguration.class.getName() + ","
            + HandshakeReactiveAutoConfiguration.class.getName() + ","
            + HandshakeReactiveStandardAutoConfiguration.class.getName();

    @Test
    void clientOnlyApplication() {
        assertUndisturbed(new ApplicationContextRunner(), ClientOnly.class);
    }

    @Test
    void mvcApplicationWithWebSocketAndActuator() {
        assertUndisturbed(new WebApplicationContextRunner(), MvcWithWebSocket.class);
    }

    @Test
    void stompBrokerApplication() {
        assertUndisturbed(new WebApplicationContextRunner(), StompBroker.class);
    }

    @Test
    void asyncAndSchedulingApplication() {
        assertUndisturbed(new ApplicationContextRunner(), AsyncAndScheduling.class);
    }

    @Test
    void webFluxApplication() {
        assertUndisturbed(new ReactiveWebApplicationContextRunner(), WebFlux.class);
    }

    static <R extends AbstractApplicationContextRunner<R, C, A>, C extends ConfigurableApplicationContext,
            A extends ApplicationContextAssertProvider<C>> void assertUndisturbed(R runner, Class<?> application) {
        R app = runner.withUserConfiguration(application);
        Beans[] without = new Beans[1];
        app.withPropertyValues(WITHOUT_THE_STARTER).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ValidatingWebSocketClient.class);
            without[0] = Beans.of(context.getSourceApplicationContext());
        });
        app.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ValidatingWebSocketClient.class);
            Beans with = Beans.of(context.getSourceApplicationContext());
            assertThat(with.types()).as("Boot's beans, by name and type").containsAllEntriesOf(without[0].types());
            assertThat(with.lookups()).as("by-type lookups").isEqualTo(without[0].lookups());
        });
    }

    /** The bean names with their types, and what each by-type lookup finds. */
    record Beans(Map<String, String> types, Map<String, String> lookups) {

        static Beans of(ConfigurableApplicationContext context) {
            Map<String, String> types = new TreeMap<>();
            for (String name : context.getBeanDefinitionNames()) {
                Class<?> type = context.getType(name);
                types.put(name, (type != null) ? type.getName() : "unknown");
            }
            Map<String, String> lookups = new LinkedHashMap<>();
            for (Class<?> type : LOOKED_UP_BY_TYPE) {
                lookups.put(type.getSimpleName(), lookup(context, type));
            }
            return new Beans(types, lookups);
        }

        /** All candidates, sorted, and the one a single-bean injection point gets (none when it is ambiguous). */
        private static String lookup(ConfigurableApplicationContext context, Class<?> type) {
            String[] names = context.getBeanNamesForType(type);
            Object unique = context.getBeanProvider(type).getIfUnique();
            String injected = (unique != null) ? Arrays.stream(names).filter(name -> context.getBean(name) == unique)
                    .findFirst().orElse("unnamed") : "none";
            return Arrays.stream(names).sorted().toList() + " injects " + injected;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ClientOnly {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSocket
    static class MvcWithWebSocket implements WebSocketConfigurer {

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(new TextWebSocketHandler(), "/ws");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSocketMessageBroker
    static class StompBroker implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/stomp");
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableAsync
    @EnableScheduling
    static class AsyncAndScheduling {

        @Bean
        Worker worker() {
            return new Worker();
        }
    }

    static class Worker {

        @Async
        public CompletableFuture<String> threadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Scheduled(fixedDelay = 60_000)
        public void tick() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebFlux {
    }
}
