package io.wshandshake.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.testserver.TestContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With a real tracer on the classpath (Brave, through Boot's tracing auto-configuration), every handshake is a span,
 * the W3C {@code traceparent} of that span travels on the upgrade request, and the connect runs in its scope.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class TracingIntegrationTests {

    private final ClientContainer container;

    private final ApplicationContextRunner runner;

    TracingIntegrationTests(ClientContainer container) {
        this.container = container;
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                        HandshakeAutoConfiguration.class))
                .withPropertyValues("management.tracing.sampling.probability=1.0", TestContexts.container(container));
    }

    @Test
    void theHandshakeIsASpanWhoseContextTravelsOnTheUpgradeRequest() {
        List<MutableSpan> spans = new CopyOnWriteArrayList<>();
        this.runner.withBean(SpanHandler.class, () -> new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                spans.add(span);
                return true;
            }
        }).run(context -> {
            try (ScriptedServerAccess server = ScriptedServerAccess.start(key -> "HTTP/1.1 403 Forbidden\r\n\r\n")) {
                assertThrows(ExecutionException.class, () -> context.getBean(WebSocketClient.class)
                        .execute(new TextWebSocketHandler(), server.uri().toString()).get(10, TimeUnit.SECONDS));
                String request = server.nextRequest();
                assertThat(spans).hasSize(1);
                MutableSpan span = spans.get(0);
                assertThat(span.name()).isEqualTo("websocket connect");
                assertThat(span.tag("outcome")).isEqualTo("INVALID_PROTOCOL_FORMAT");
                assertThat(span.tag("uri")).isEqualTo(server.uri().toString());
                assertThat(request).containsIgnoringCase(
                        "traceparent: 00-" + span.traceId() + "-" + span.id() + "-01");
            }
        });
    }

    @Test
    void theContainersLogLinesCarryTheHandshakesTraceId() {
        assumeTrue(this.container == ClientContainer.TOMCAT, "Jetty calls the handler from its HttpClient's threads, not inside the connect on the connecting thread");
        List<MutableSpan> spans = new CopyOnWriteArrayList<>();
        List<String> traceIdsInMdc = new CopyOnWriteArrayList<>();
        this.runner.withBean(SpanHandler.class, () -> new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                spans.add(span);
                return true;
            }
        }).run(context -> {
            try (ScriptedServerAccess server = ScriptedServerAccess.start(key -> "HTTP/1.1 101 Switching Protocols\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + SecWebSocketAccept.forKey(key) + "\r\n\r\n")) {
                context.getBean(WebSocketClient.class).execute(new TextWebSocketHandler() {
                    @Override
                    public void afterConnectionEstablished(WebSocketSession session) {
                        // Called by the container inside its connect, where its own logging happens.
                        traceIdsInMdc.add(String.valueOf(MDC.get("traceId")));
                    }
                }, server.uri().toString()).get(10, TimeUnit.SECONDS).close();
                assertThat(spans).singleElement()
                        .satisfies(span -> assertThat(traceIdsInMdc).containsExactly(span.traceId()));
            }
        });
    }
}
