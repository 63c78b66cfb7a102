package io.wshandshake.observation;

import org.jspecify.annotations.Nullable;

/**
 * Counts open client sessions. The client calls {@link #opened(String)} once when a validated session opens and
 * {@link #closed(String)} once when it closes, whichever side closes it.
 *
 * @since 0.1.0
 */
public interface SessionCounter {

    /** Does nothing. */
    SessionCounter NONE = new SessionCounter() {

        @Override
        public String opened(@Nullable String subprotocol) {
            return "";
        }

        @Override
        public void closed(String tag) {
        }
    };

    /**
     * A session with that negotiated subprotocol (or {@code null}) opened.
     * @return the token to hand back to {@link #closed(String)}
     */
    String opened(@Nullable String subprotocol);

    /** The session opened with that token closed. */
    void closed(String token);
}
