package io.wshandshake.starter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeMetricsAutoConfiguration;
import io.wshandshake.client.ValidatingWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client-only service with nothing but this starter on the classpath, so the auto-configurations are those, and in
 * the order, production has. Here an {@code Executor} bean of ours once came before Boot's task execution
 * auto-configuration, which then backed off, and {@code @Async} ran on the connect pool. Other kinds of application
 * (MVC, STOMP broker, scheduling, WebFlux) are covered by {@code BootBeansUndisturbedTests} in handshake-autoconfigure.
 */
class BootBeansUndisturbedTests {

    private static final List<Class<?>> LOOKED_UP_BY_TYPE = List.of(Executor.class, TaskExecutor.class,
            AsyncTaskExecutor.class, TaskScheduler.class, ObservationRegistry.class);

    @Test
    void everyBeanBootDefinesIsStillDefinedAndLookupsByTypeFindTheSameBeans() {
        ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(ClientOnly.class);
        List<Map<String, String>> without = new ArrayList<>();
        runner.withPropertyValues("spring.autoconfigure.exclude=" + HandshakeAutoConfiguration.class.getName() + ","
                + HandshakeMetricsAutoConfiguration.class.getName()).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ValidatingWebSocketClient.class);
                    without.add(types(context.getSourceApplicationContext()));
                    without.add(lookups(context.getSourceApplicationContext()));
                });
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ValidatingWebSocketClient.class);
            assertThat(types(context.getSourceApplicationContext())).as("Boot's beans, by name and type")
                    .containsAllEntriesOf(without.get(0));
            assertThat(lookups(context.getSourceApplicationContext())).as("by-type lookups").isEqualTo(without.get(1));
        });
    }

    @Test
    void asyncMethodsRunOnBootsExecutor() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientOnly.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off").run()) {
            assertThat(context.getBean(ValidatingWebSocketClient.class)).isNotNull();
            String bootsPrefix = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class)
                    .getThreadNamePrefix();
            String thread = context.getBean(Worker.class).threadName().get(10, TimeUnit.SECONDS);
            assertThat(thread).startsWith(bootsPrefix).doesNotStartWith("handshake-connect-");
        }
    }

    private static Map<String, String> types(ConfigurableApplicationContext context) {
        Map<String, String> types = new TreeMap<>();
        for (String name : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(name);
            types.put(name, (type != null) ? type.getName() : "unknown");
        }
        return types;
    }

    /** Per type: all candidates, sorted, and the one a single-bean injection point gets (none when ambiguous). */
    private static Map<String, String> lookups(ConfigurableApplicationContext context) {
        Map<String, String> lookups = new LinkedHashMap<>();
        for (Class<?> type : LOOKED_UP_BY_TYPE) {
            String[] names = context.getBeanNamesForType(type);
            Object unique = context.getBeanProvider(type).getIfUnique();
            String injected = (unique != null) ? Arrays.stream(names).filter(name -> context.getBean(name) == unique)
                    .findFirst().orElse("unnamed") : "none";
            lookups.put(type.getSimpleName(), Arrays.stream(names).sorted().toList() + " injects " + injected);
        }
        return lookups;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableAsync
    static class ClientOnly {

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
    }
}
