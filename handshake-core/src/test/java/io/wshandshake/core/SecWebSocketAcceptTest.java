package io.wshandshake.core;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecWebSocketAccept#matches} encodes the digest as it compares: it must agree with the JDK's base64 of it
 * ({@link SecWebSocketAccept#forKey}) on every character, the padding included.
 */
class SecWebSocketAcceptTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

    @Test
    void theRfcExampleMatches() {
        assertThat(SecWebSocketAccept.matches("dGhlIHNhbXBsZSBub25jZQ==", " s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\t")).isTrue();
    }

    @Test
    void matchesExactlyTheJdksEncodingForManyKeys() {
        Random random = new Random(20);
        byte[] nonce = new byte[16];
        for (int n = 0; n < 500; n++) {
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String accept = SecWebSocketAccept.forKey(key);
            assertThat(SecWebSocketAccept.matches(key, accept)).as(key).isTrue();
            for (int i = 0; i < accept.length(); i++) {
                char other = ALPHABET.charAt((ALPHABET.indexOf(accept.charAt(i)) + 1 + random.nextInt(64)) % 65);
                String changed = accept.substring(0, i) + other + accept.substring(i + 1);
                assertThat(SecWebSocketAccept.matches(key, changed)).as(changed).isFalse();
            }
            assertThat(SecWebSocketAccept.matches(key, accept.substring(0, 27) + "\u013D")).isFalse();
            assertThat(SecWebSocketAccept.matches(key, accept.substring(0, 27))).isFalse();
        }
    }
}
