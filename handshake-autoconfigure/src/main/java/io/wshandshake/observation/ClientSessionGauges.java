package io.wshandshake.observation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The gauge {@code websocket.client.sessions}: open validated client sessions by negotiated subprotocol. One gauge
 * per configured subprotocol plus {@code none} and {@code other}, so the number of meters is fixed whatever servers
 * answer.
 *
 * @since 0.1.0
 */
public final class ClientSessionGauges implements MeterBinder, SessionCounter {

    /** The gauge name. */
    public static final String NAME = "websocket.client.sessions";

    private final Set<String> configuredSubprotocols;

    private final Map<String, AtomicInteger> openByTag = new LinkedHashMap<>();

    public ClientSessionGauges(Set<String> configuredSubprotocols) {
        this.configuredSubprotocols = Set.copyOf(configuredSubprotocols);
        for (String subprotocol : configuredSubprotocols) {
            this.openByTag.put(subprotocol, new AtomicInteger());
        }
        this.openByTag.put(DefaultHandshakeObservationConvention.NONE, new AtomicInteger());
        this.openByTag.put(DefaultHandshakeObservationConvention.OTHER, new AtomicInteger());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.openByTag.forEach((tag, count) -> Gauge.builder(NAME, count, AtomicInteger::get)
                .description("Open WebSocket client sessions whose handshake was validated")
                .tag("subprotocol", tag)
                .baseUnit("sessions")
                .register(registry));
    }

    @Override
    public String opened(@Nullable String subprotocol) {
        String tag = DefaultHandshakeObservationConvention.subprotocolTag(subprotocol, this.configuredSubprotocols);
        this.openByTag.get(tag).incrementAndGet();
        return tag;
    }

    @Override
    public void closed(String tag) {
        this.openByTag.get(tag).decrementAndGet();
    }

    /** The number of open sessions with that subprotocol tag value. */
    public int open(String tag) {
        AtomicInteger count = this.openByTag.get(tag);
        return (count != null) ? count.get() : 0;
    }
}
