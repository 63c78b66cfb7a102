package io.wshandshake.autoconfigure;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** What a user sees: a real SpringApplication start-up, and the IDE metadata. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @Test
    void aBadPropertyIsExplainedByTheFailureAnalyzer(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--handshake.subprotocols=v1.chat,bad value",
                "--spring.main.banner-mode=off"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The WebSocket handshake property 'handshake.subprotocols[1]' has the invalid value "
                        + "\"bad value\"")
                // The entry came in a comma-separated value: its origin is that value's.
                .contains("Origin: \"handshake.subprotocols\" from property source \"commandLineArgs\"")
                .contains("Use an RFC 7230 token");
    }

    @Test
    void theOriginOfABadValueNamesItsFileAndLine(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--spring.config.name=bad-handshake",
                "--spring.main.banner-mode=off"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The WebSocket handshake property 'handshake.extensions[1]' has the invalid value "
                        + "\"permessage-deflate; server_max_window_bits=7\"")
                .contains("Origin: class path resource [bad-handshake.yml] - 6:7")
                .contains("Write one extension per entry");
    }

    @Test
    void everyPropertyHasADescriptionForTheIde() throws Exception {
        String json = new ClassPathResource("META-INF/spring-configuration-metadata.json")
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
        assertThat(properties).extracting(property -> property.get("name")).contains("handshake.enabled",
                "handshake.subprotocols", "handshake.extensions", "handshake.subprotocol-required",
                "handshake.max-response-header-size", "handshake.connect.timeout", "handshake.connect.pool-size",
                "handshake.ssl.bundle", "handshake.observation.name");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
                .as("description of %s", property.get("name")).isNotBlank());
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(HandshakeAutoConfiguration.class)
    static class Empty {
    }
}
