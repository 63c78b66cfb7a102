package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What Tomcat's client container can honour is checked when a client is built, whoever built the validator. */
class TransportLimitsTests {

    @Test
    void anOfferTomcatCannotSendIsNamedWithItsIndex() {
        HandshakeValidator validator = HandshakeValidator.builder()
                .extensions(List.of("permessage-deflate", "x-webkit-deflate-frame"))
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
        assertThatExceptionOfType(UnsupportedOfferException.class)
                .isThrownBy(() -> new ValidatingWebSocketClientBuilder(validator).build())
                .satisfies(ex -> {
                    assertThat(ex.getOfferIndex()).isEqualTo(1);
                    assertThat(ex.getOffer()).isEqualTo("x-webkit-deflate-frame");
                    assertThat(ex.getReason()).contains("offers only permessage-deflate");
                });
    }

    @Test
    void aValidatorThatOffersPerMessageDeflateButWouldAcceptWindowsTomcatCannotUseIsRefused() {
        HandshakeValidator standard = HandshakeValidator.builder().extensions(List.of("permessage-deflate")).build();
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidatingWebSocketClientBuilder(standard).build())
                .withMessageContaining("TransportLimits.jdkDeflaterNegotiator()");
    }

    @Test
    void aPlainValidatorThatOffersNoExtensionBuildsAClientThatConnects() throws Exception {
        HandshakeValidator plain = HandshakeValidator.builder().subprotocols(List.of("v1.chat")).build();
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(plain).build();
        try (ConfigurableApplicationContext server = TestServerApplication.start()) {
            WebSocketSession session = client.execute(new RecordingHandler(),
                    "ws://127.0.0.1:" + TestServerApplication.port(server) + "/echo").get(10, TimeUnit.SECONDS);
            HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
            assertThat(result.subprotocol()).hasValue("v1.chat");
            assertThat(result.extensions()).isEmpty();
            session.close();
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void aCallersPerMessageDeflateOfferStillNeedsTheFifteenBitNegotiator() {
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(HandshakeValidator.builder().build())
                .build();
        try {
            WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
            headers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
            // Refused before any connection: port 1 would otherwise fail with a ConnectException.
            assertThat(client.execute(new RecordingHandler(), headers, URI.create("ws://127.0.0.1:1/")))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class)
                    .withMessageContaining("TransportLimits.jdkDeflaterNegotiator()");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void aUsersOwnValidatorIsNotBlamedOnTheProperties() {
        HandshakeValidator own = HandshakeValidator.builder().extensions(List.of("x-custom"))
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .withBean(HandshakeValidator.class, () -> own)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(UnsupportedOfferException.class)
                        .hasMessageNotContaining("handshake.extensions"));
    }

    @Test
    void tomcatBefore11023CannotBoundTheResponseHead() {
        assertThat(TomcatSupport.isBeforeCappedHead("11.0.22")).isTrue();
        assertThat(TomcatSupport.isBeforeCappedHead("10.1.40")).isTrue();
        assertThat(TomcatSupport.isBeforeCappedHead("11.0.23")).isFalse();
        assertThat(TomcatSupport.isBeforeCappedHead("11.0.27")).isFalse();
        assertThat(TomcatSupport.isBeforeCappedHead("11.1.0")).isFalse();
        assertThat(TomcatSupport.isBeforeCappedHead("12.0.0-M1")).isFalse();
        assertThat(TomcatSupport.isBeforeCappedHead(null)).isFalse();
        assertThat(TomcatSupport.isBeforeCappedHead("dev")).isFalse();
    }

    @Test
    void theWarningNamesThisTomcatAndTheVersionThatFixesIt() {
        String version = TomcatSupport.version();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
        String why = TransportLimits.forContainer(ClientContainer.TOMCAT).whyResponseHeadUnbounded();
        if (TomcatSupport.isBeforeCappedHead(version)) {
            assertThat(why).contains("Tomcat " + version).contains("11.0.23");
        }
        else {
            assertThat(why).isNull();
        }
        assertThat(TransportLimits.forContainer(ClientContainer.JETTY).whyResponseHeadUnbounded()).isNull();
        assertThat(TransportLimits.forContainer((ClientContainer) null).whyResponseHeadUnbounded()).isNull();
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void theAutoConfigurationWarnsOnceWhenTheHeadCannotBeBounded(
            org.springframework.boot.test.system.CapturedOutput output) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .run(context -> {
                    context.getBean(ValidatingWebSocketClientBuilder.class);
                    context.getBean(ValidatingWebSocketClientBuilder.class);
                });
        int warnings = output.getOut().split("cap the response head", -1).length - 1;
        assertThat(warnings).isEqualTo(TomcatSupport.isBeforeCappedHead(TomcatSupport.version()) ? 1 : 0);
    }
}
