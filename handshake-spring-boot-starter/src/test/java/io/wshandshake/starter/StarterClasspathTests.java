package io.wshandshake.starter;

import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.core.HandshakeValidator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client-only service with nothing but this starter: it gets the validating client and the validator from two
 * properties, and no web server.
 */
class StarterClasspathTests {

    @Test
    void theStarterAloneGivesAValidatingClientAndNoWebServer() {
        try (ConfigurableApplicationContext context = SpringApplication.run(ClientOnlyApplication.class,
                "--spring.main.banner-mode=off", "--handshake.subprotocols=v12.stomp",
                "--handshake.extensions=permessage-deflate")) {
            assertThat(context.getClass().getName()).doesNotContain("WebServer");
            assertThat(context.getBean(WebSocketClient.class)).isInstanceOf(ValidatingWebSocketClient.class);
            assertThat(context.getBean(HandshakeValidator.class).subprotocols()).containsExactly("v12.stomp");
        }
    }

    @SpringBootApplication
    static class ClientOnlyApplication {
    }
}
