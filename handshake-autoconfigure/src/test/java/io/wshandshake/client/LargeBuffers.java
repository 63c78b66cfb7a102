package io.wshandshake.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import org.springframework.beans.factory.DisposableBean;

/**
 * For tests: gives the client a Tomcat container that takes text messages of 8 MiB (Tomcat's default is 8 KiB). The
 * client does not stop a container it was given: this bean does, when the context closes.
 */
public final class LargeBuffers implements ValidatingWebSocketClientCustomizer, DisposableBean {

    private final WebSocketContainer container = ContainerProvider.getWebSocketContainer();

    public LargeBuffers() {
        this.container.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
    }

    @Override
    public void customize(ValidatingWebSocketClientBuilder builder) {
        builder.container(this.container);
    }

    @Override
    public void destroy() {
        ((WsWebSocketContainer) this.container).destroy();
    }
}
