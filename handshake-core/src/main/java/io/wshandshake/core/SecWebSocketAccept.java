package io.wshandshake.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Sec-WebSocket-Accept} value a server must answer for a key (RFC 6455 section 4.2.2 step 5.4):
 * base64(SHA-1(key + GUID)).
 *
 * @since 0.1.0
 */
public final class SecWebSocketAccept {

    /** The GUID of RFC 6455 section 1.3. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.US_ASCII);

    /** The length of base64 of a 20-byte SHA-1 digest. */
    private static final int ACCEPT_LENGTH = 28;

    private static final int DIGEST_BYTES = 20;

    /** The base64 alphabet of RFC 4648 section 4, which {@link Base64#getEncoder()} writes. */
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);

    /** Never updated: every digest is a clone of it, which skips the provider look-up of getInstance. */
    private static final MessageDigest SHA1_PROTOTYPE = newSha1();

    private SecWebSocketAccept() {
    }

    /** The accept value for {@code secWebSocketKey}, the key exactly as it was sent. */
    public static String forKey(String secWebSocketKey) {
        return new String(encodedDigest(secWebSocketKey), StandardCharsets.US_ASCII);
    }

    /**
     * Whether {@code accept} (surrounding whitespace ignored) is the accept value for {@code secWebSocketKey},
     * compared exactly, without building the expected string.
     */
    public static boolean matches(String secWebSocketKey, String accept) {
        int start = HttpTokens.owsEnd(accept, 0, accept.length());
        int end = HttpTokens.owsStart(accept, start, accept.length());
        if (end - start != ACCEPT_LENGTH) {
            return false;
        }
        // Compared as it is encoded, three bytes to four characters: no encoded copy of the digest is made.
        byte[] digest = digest(secWebSocketKey);
        int difference = 0;
        int at = start;
        for (int i = 0; i < DIGEST_BYTES; i += 3) {
            int bits = (digest[i] & 0xFF) << 16 | (digest[i + 1] & 0xFF) << 8 | ((i + 2 < DIGEST_BYTES)
                    ? digest[i + 2] & 0xFF : 0);
            difference |= BASE64[bits >>> 18] ^ accept.charAt(at++);
            difference |= BASE64[(bits >>> 12) & 0x3F] ^ accept.charAt(at++);
            difference |= BASE64[(bits >>> 6) & 0x3F] ^ accept.charAt(at++);
            // The last group holds two bytes: base64 pads it with one '='.
            difference |= ((i + 2 < DIGEST_BYTES) ? BASE64[bits & 0x3F] : '=') ^ accept.charAt(at++);
        }
        return difference == 0;
    }

    private static byte[] encodedDigest(String secWebSocketKey) {
        return Base64.getEncoder().encode(digest(secWebSocketKey));
    }

    /** SHA-1(key + GUID), 20 bytes. */
    private static byte[] digest(String secWebSocketKey) {
        MessageDigest sha1 = sha1();
        sha1.update(secWebSocketKey.getBytes(StandardCharsets.ISO_8859_1));
        sha1.update(GUID_BYTES);
        return sha1.digest();
    }

    private static MessageDigest sha1() {
        try {
            return (MessageDigest) SHA1_PROTOTYPE.clone();
        }
        catch (CloneNotSupportedException ex) {
            return newSha1();
        }
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform must support SHA-1", ex);
        }
    }
}
