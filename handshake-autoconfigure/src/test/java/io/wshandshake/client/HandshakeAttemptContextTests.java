package io.wshandshake.client;

import java.net.URI;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The client kind an attempt carries, which becomes the bounded {@code client} tag. */
class HandshakeAttemptContextTests {

    private static final URI URI_ = URI.create("ws://example.org/");

    @Test
    void aClientThatNamesNoKindIsOther() {
        assertThat(new HandshakeAttemptContext(this, URI_, new HttpHeaders(), Set.of(), Set.of()).clientKind())
                .isEqualTo("other");
    }

    @Test
    void aClientNamesItsKind() {
        assertThat(new HandshakeAttemptContext(this, "jetty-reactive", URI_, new HttpHeaders(), Set.of(), Set.of())
                .clientKind()).isEqualTo("jetty-reactive");
        assertThat(ClientContainer.TOMCAT.clientKind()).isEqualTo("tomcat");
        assertThat(ClientContainer.JETTY.clientKind()).isEqualTo("jetty");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "Tomcat", "-jetty", "reactor netty", "a-kind-of-client-with-a-far-too-long-name" })
    void aKindThatIsNoShortFixedWordIsRefused(String kind) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HandshakeAttemptContext(this, kind, URI_, new HttpHeaders(), Set.of(), Set.of()))
                .withMessageContaining("A client kind is up to 32 lower-case letters, digits and hyphens");
    }
}
