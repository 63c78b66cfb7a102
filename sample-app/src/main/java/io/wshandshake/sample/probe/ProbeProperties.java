package io.wshandshake.sample.probe;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What to probe: {@code --probe.url=wss://example.org/socket --probe.subprotocols=v12.stomp
 * --probe.extensions="permessage-deflate; client_max_window_bits"}.
 */
@ConfigurationProperties("probe")
public class ProbeProperties {

    /**
     * The ws:// or wss:// URL of the server to probe.
     */
    private URI url;

    /**
     * Subprotocols to offer, most preferred first.
     */
    private List<String> subprotocols = new ArrayList<>();

    /**
     * Extensions to offer, one per entry, e.g. "permessage-deflate; client_max_window_bits".
     */
    private List<String> extensions = new ArrayList<>();

    /**
     * Whether a server that chooses no subprotocol, when some were offered, fails the probe.
     */
    private boolean subprotocolRequired = true;

    /**
     * Deadline for connecting, TLS and reading the whole answer.
     */
    private Duration timeout = Duration.ofSeconds(10);

    public URI getUrl() {
        return this.url;
    }

    public void setUrl(URI url) {
        this.url = url;
    }

    public List<String> getSubprotocols() {
        return this.subprotocols;
    }

    public void setSubprotocols(List<String> subprotocols) {
        this.subprotocols = subprotocols;
    }

    public List<String> getExtensions() {
        return this.extensions;
    }

    public void setExtensions(List<String> extensions) {
        this.extensions = extensions;
    }

    public boolean isSubprotocolRequired() {
        return this.subprotocolRequired;
    }

    public void setSubprotocolRequired(boolean subprotocolRequired) {
        this.subprotocolRequired = subprotocolRequired;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
