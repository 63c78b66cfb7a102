package io.wshandshake.core;

/**
 * What a permessage-deflate negotiation agreed (RFC 7692 section 7.1), with the window sizes made effective: a
 * window size the server's answer does not limit is 15 bits.
 *
 * @param serverNoContextTakeover the server resets its compression context after every message
 * @param clientNoContextTakeover the client must reset its compression context after every message
 * @param serverMaxWindowBits the LZ77 window the server compresses with at most (8..15)
 * @param clientMaxWindowBits the LZ77 window the client may compress with at most (8..15)
 * @since 0.1.0
 */
public record PerMessageDeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The window size when no parameter limits it. */
    public static final int DEFAULT_WINDOW_BITS = 15;
}
