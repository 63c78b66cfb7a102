package io.wshandshake.client.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step that places the handshake handler is made once per client and shared by all its connects, each of which
 * it finds in the subscriber's context: concurrent connects must each be judged against their own request, and a
 * subclass that answers another {@code HttpClient} must still be validated.
 */
class ReactorNettyPlacementTests {

    private static final int CONNECTS = 6;

    /**
     * The server holds every answer until all requests are in, so all the attempts are in flight together. Each
     * connect offers a subprotocol of its own, which the server chooses, so an answer judged against another
     * connect's request is refused (over HTTP/1.1 its accept also answers another key).
     */
    @ParameterizedTest
    @EnumSource(value = HttpProtocol.class, names = { "HTTP11", "H2C" })
    void concurrentConnectsThroughOneClientAreEachJudgedAgainstTheirOwnRequest(HttpProtocol protocol) {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakeValidator.builder().subprotocols(List.of("v.default")).build())
                .httpClient(HttpClient.create().protocol(protocol)).listener(recorder)
                .connectTimeout(Duration.ofSeconds(10)).build();
        DisposableServer server = heldServer(protocol);
        Map<Integer, HandshakeResult> results = new ConcurrentHashMap<>();
        try {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/held");
            Flux.range(0, CONNECTS).flatMap(i -> {
                HttpHeaders headers = new HttpHeaders();
                headers.add("Sec-WebSocket-Protocol", "v" + i);
                return client.execute(uri, headers, session -> {
                    HandshakeAttributes.result(session.getAttributes()).ifPresent(result -> results.put(i, result));
                    return session.close();
                });
            }, CONNECTS).blockLast(Duration.ofSeconds(20));
        }
        finally {
            server.disposeNow();
        }
        assertThat(results).hasSize(CONNECTS);
        results.forEach((i, result) -> assertThat(result.subprotocol()).as("connect %d", i).contains("v" + i));
        assertThat(recorder.events).filteredOn(event -> event.startsWith("opened")).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, CONNECTS).mapToObj(i -> "opened v" + i).toList());
        assertThat(recorder.events).noneMatch(event -> event.startsWith("failed"));
    }

    @Test
    void aSubclassThatAnswersAnotherHttpClientIsStillValidated() {
        AtomicInteger asked = new AtomicInteger();
        ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClient(HttpClient.create(),
                WebsocketClientSpec::builder, HandshakeValidator.builder().subprotocols(List.of("v1.chat")).build(),
                List.of(), Duration.ofSeconds(10)) {

            @Override
            public HttpClient getHttpClient() {
                asked.incrementAndGet();
                return super.getHttpClient().headers(headers -> headers.set("X-Subclass", "yes"));
            }
        };
        DisposableServer server = ReactorNettyServers.echo();
        AtomicReference<HandshakeResult> result = new AtomicReference<>();
        try {
            client.execute(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), session -> {
                HandshakeAttributes.result(session.getAttributes()).ifPresent(result::set);
                return session.close();
            }).block(Duration.ofSeconds(10));
        }
        finally {
            server.disposeNow();
        }
        assertThat(asked).as("the subclass's client was asked for").hasPositiveValue();
        assertThat(result.get()).as("the validated result").isNotNull();
        assertThat(result.get().subprotocol()).contains("v1.chat");
    }

    /** Chooses the connect's own offer among all of them, once all {@link #CONNECTS} requests have arrived. */
    private static DisposableServer heldServer(HttpProtocol protocol) {
        AtomicInteger arrived = new AtomicInteger();
        Sinks.Empty<Void> allArrived = Sinks.empty();
        WebsocketServerSpec spec = WebsocketServerSpec.builder().protocols(IntStream.range(0, CONNECTS)
                .mapToObj(i -> "v" + i).collect(Collectors.joining(","))).build();
        return HttpServer.create().protocol(protocol).host("127.0.0.1").port(0)
                .http2Settings(settings -> settings.connectProtocolEnabled(true))
                .handle((request, response) -> {
                    if (arrived.incrementAndGet() == CONNECTS) {
                        allArrived.tryEmitEmpty();
                    }
                    return allArrived.asMono().timeout(Duration.ofSeconds(10)).then(Mono.defer(() -> response
                            .sendWebsocket((in, out) -> in.receive().then(), spec)));
                })
                .bindNow();
    }
}
