package io.wshandshake.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Documents the observation of WebSocket client handshakes, {@code websocket.client.handshake}: from
 * {@code execute(...)} until the session opens (before the handler's {@code afterConnectionEstablished}) or the
 * attempt fails.
 *
 * @since 0.1.0
 */
public enum HandshakeObservationDocumentation implements ObservationDocumentation {

    /** One opening handshake of the validating WebSocket client. */
    CLIENT_HANDSHAKE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultHandshakeObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }
    };

    /** Keys with a bounded set of values: fixed words and the configured offers only. */
    public enum LowCardinalityKeyNames implements KeyName {

        /**
         * {@code SUCCESS}, a {@link io.wshandshake.core.HandshakeError} name, or {@code TRANSPORT_ERROR};
         * {@code UNKNOWN} while the handshake is in progress.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },

        /** The {@link io.wshandshake.core.FailureReason} name of a handshake error; {@code none} otherwise. */
        REASON {
            @Override
            public String asString() {
                return "reason";
            }
        },

        /** The negotiated subprotocol if it is a configured offer, {@code other} if not, {@code none} if none. */
        SUBPROTOCOL {
            @Override
            public String asString() {
                return "subprotocol";
            }
        },

        /** The negotiated extension names in server order, joined by {@code ,}; {@code none} if none. */
        EXTENSIONS {
            @Override
            public String asString() {
                return "extensions";
            }
        },

        /**
         * The kind of client, a fixed word of the client's own: {@code tomcat} or {@code jetty} (the servlet client
         * on that container), {@code reactor-netty} (the reactive client), another client's word, or {@code other}.
         * @since 0.3.0
         */
        CLIENT {
            @Override
            public String asString() {
                return "client";
            }
        }
    }

    /** Keys whose values vary per connection. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** The target URI without user info, query or fragment. */
        URI {
            @Override
            public String asString() {
                return "uri";
            }
        }
    }
}
