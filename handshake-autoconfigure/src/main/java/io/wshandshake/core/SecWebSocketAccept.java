package io.wshandshake.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Sec-WebSocket-Accept} value a server must answer for a key (RFC 6455 section 4.2.2 step 5.4):
 * base64(SHA-1(key + GUID)).
 */
public final class SecWebSocketAccept {

    /** The GUID of RFC 6455 section 1.3. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.US_ASCII);

    private SecWebSocketAccept() {
    }

    /** The accept value for {@code secWebSocketKey}, the key exactly as it was sent. */
    public static String forKey(String secWebSocketKey) {
        MessageDigest sha1 = sha1();
        sha1.update(secWebSocketKey.getBytes(StandardCharsets.ISO_8859_1));
        sha1.update(GUID_BYTES);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform must support SHA-1", ex);
        }
    }
}
