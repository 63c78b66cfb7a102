package io.wshandshake.observation;

/**
 * Counts open client sessions. The client calls {@link #opened(String)} once when a validated session opens and
 * {@link #closed(String)} once when it closes, whichever side closes it.
 */
public interface SessionCounter {

    /** Does nothing. */
    SessionCounter NONE = new SessionCounter() {

        @Override
        public String opened(String subprotocol) {
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
    String opened(String subprotocol);

    /** The session opened with that token closed. */
    void closed(String token);
}
