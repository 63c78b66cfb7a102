package io.wshandshake.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationListener;

/** Collects every {@link HandshakeEvent} published in a context. */
class EventCollector implements ApplicationListener<HandshakeEvent> {

    final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(HandshakeEvent event) {
        this.events.add(event);
    }
}
