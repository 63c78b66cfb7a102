package io.wshandshake.sample;

import java.util.List;

import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux demonstration (profile {@code webflux}) as README.md's WebFlux section shows it: a reactive web
 * application whose auto-configured reactive client validates a real handshake with its own server and refuses the
 * rogue server's before the handler runs, printing exactly the README's lines, ports aside.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("webflux")
class WebFluxDemoTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private WebSocketClient client;

    @Autowired
    private ReactiveHandshakeDemo demo;

    @Test
    void theProfileMakesAReactiveApplicationWithTheValidatingReactorNettyClient() {
        assertThat(this.context).isInstanceOf(ReactiveWebApplicationContext.class);
        assertThat(this.client).isInstanceOf(ValidatingReactorNettyWebSocketClient.class);
        assertThat(this.context.getBeanNamesForType(HandshakeDemo.class)).isEmpty();
    }

    @Test
    void theDemoPrintsTheOutputTheReadmeShows() throws Exception {
        List<String> printed = DemoOutput.of(ReactiveHandshakeDemo.class, () -> this.demo.run(this.port));
        assertThat(printed.stream().map(ReadmeTests::maskPorts).toList()).containsExactlyElementsOf(
                Readme.marked("webflux-sample-output").lines().stream().map(ReadmeTests::maskPorts).toList());
    }
}
