package io.wshandshake.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** What a user sees: a real SpringApplication start-up, and the IDE metadata. */
class StartupFailureTests {

    @Test
    void aBadPropertyIsExplainedByTheFailureAnalyzer() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String output = consoleOf(() -> assertThatException().isThrownBy(() -> application.run(
                "--handshake.subprotocols=v1.chat,bad value", "--spring.main.banner-mode=off")));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The WebSocket handshake property 'handshake.subprotocols[1]' has the invalid value "
                        + "\"bad value\"")
                // The entry came in a comma-separated value: its origin is that value's.
                .contains("Origin: \"handshake.subprotocols\" from property source \"commandLineArgs\"")
                .contains("Use an RFC 7230 token");
    }

    @Test
    void theOriginOfABadValueNamesItsFileAndLine() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String output = consoleOf(() -> assertThatException().isThrownBy(() -> application.run(
                "--spring.config.name=bad-handshake", "--spring.main.banner-mode=off")));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The WebSocket handshake property 'handshake.extensions[1]' has the invalid value "
                        + "\"permessage-deflate; server_max_window_bits=7\"")
                .contains("Origin: class path resource [bad-handshake.yml] - 6:7")
                .contains("Write one extension per entry");
    }

    /** Refused while the reactive configurations are read, before any bean: still explained, with its origin. */
    @Test
    void aReactiveClientThatIsNoneIsExplainedByTheFailureAnalyzer() {
        SpringApplication application = new SpringApplication(Reactive.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String output = consoleOf(() -> assertThatException().isThrownBy(() -> application.run(
                "--handshake.reactive.client=netty", "--spring.main.banner-mode=off")));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The WebSocket handshake property 'handshake.reactive.client' has the invalid value "
                        + "\"netty\":")
                .contains("it names no WebFlux client")
                .contains("Origin: \"handshake.reactive.client\" from property source \"commandLineArgs\"")
                .contains("Set it to auto (the default), reactor-netty, standard or jetty.");
    }

    @Test
    void everyPropertyHasADescriptionForTheIde() throws Exception {
        String json = new ClassPathResource("META-INF/spring-configuration-metadata.json")
                .getContentAsString(StandardCharsets.UTF_8);
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
        assertThat(properties).extracting(property -> property.get("name")).contains("handshake.enabled",
                "handshake.subprotocols", "handshake.extensions", "handshake.subprotocol-required",
                "handshake.max-response-header-size", "handshake.connect.timeout", "handshake.connect.pool-size",
                "handshake.ssl.bundle", "handshake.observation.name", "handshake.connect.max-redirects",
                "handshake.reactive.client", "handshake.reactive.extensions");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
                .as("description of %s", property.get("name")).isNotBlank());
    }

    /**
     * What {@code action} writes to the console, kept from the build's output (Boot's {@code OutputCaptureExtension}
     * would pass it through): this banner is expected, and printed in full if the assertion on it fails.
     */
    private static String consoleOf(Runnable action) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            action.run();
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(HandshakeAutoConfiguration.class)
    static class Empty {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ HandshakeAutoConfiguration.class, HandshakeReactiveAutoConfiguration.class,
            HandshakeReactiveStandardAutoConfiguration.class, HandshakeReactiveJettyAutoConfiguration.class })
    static class Reactive {
    }
}
