package io.wshandshake.client;

import java.time.Duration;

import jakarta.websocket.WebSocketContainer;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import org.springframework.beans.factory.DisposableBean;

/**
 * For tests: gives the client a container that takes text messages of 8 MiB (Tomcat's default is 8 KiB), Tomcat's
 * unless Jetty's is asked for (built as the client builds its own). The client does not stop a container it was
 * given: this bean does, when the context closes.
 */
public final class LargeBuffers implements ValidatingWebSocketClientCustomizer, DisposableBean {

    private final WebSocketContainer container;

    public LargeBuffers() {
        this(ClientContainer.TOMCAT);
    }

    public LargeBuffers(ClientContainer kind) {
        this.container = (kind == ClientContainer.JETTY) ? JettySupport.create(null, Duration.ofSeconds(10), 64 * 1024)
                : new WsWebSocketContainer();
        this.container.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
    }

    @Override
    public void customize(ValidatingWebSocketClientBuilder builder) {
        builder.container(this.container);
    }

    @Override
    public void destroy() {
        TomcatSupport.stop(this.container);
        JettySupport.stop(this.container);
    }
}
