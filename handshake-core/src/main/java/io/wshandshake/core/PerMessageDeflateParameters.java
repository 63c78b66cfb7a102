package io.wshandshake.core;

/**
 * What a permessage-deflate negotiation agreed (RFC 7692 section 7.1), made effective: the client's parameters
 * include what its own offer promised even where the answer leaves them out (sections 7.1.1.2 and 7.1.2.2), and a
 * window size that neither limits is 15 bits.
 *
 * @param serverNoContextTakeover the server resets its compression context after every message
 * @param clientNoContextTakeover the client must reset its compression context after every message: answered, or
 *        offered (section 7.1.1.2)
 * @param serverMaxWindowBits the LZ77 window the server compresses with at most (8..15)
 * @param clientMaxWindowBits the LZ77 window the client may compress with at most (8..15): the answered value, else
 *        the value the offer gave (section 7.1.2.2), else 15
 * @since 0.1.0
 */
public record PerMessageDeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The window size when no parameter limits it. */
    public static final int DEFAULT_WINDOW_BITS = 15;
}
