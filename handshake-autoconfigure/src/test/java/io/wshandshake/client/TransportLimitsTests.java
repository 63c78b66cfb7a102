package io.wshandshake.client;

import java.util.List;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.core.HandshakeValidator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
    void aValidatorThatWouldAcceptWindowsTomcatCannotUseIsRefused() {
        HandshakeValidator standard = HandshakeValidator.builder().build();
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidatingWebSocketClientBuilder(standard).build())
                .withMessageContaining("TransportLimits.jdkDeflaterNegotiator()");
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
}
