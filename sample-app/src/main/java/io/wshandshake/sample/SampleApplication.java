package io.wshandshake.sample;

import io.wshandshake.sample.probe.ProbeCommand;
import io.wshandshake.sample.probe.ProbeOptions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample. Run without arguments, it starts a WebSocket server, connects to it with the auto-configured
 * validating client and logs what was negotiated, then shows a failed handshake, and keeps running with the
 * metrics endpoint up. Run with {@code --probe.url=ws://...} (any {@code --probe.} option) it probes that server
 * instead and exits.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        if (ProbeOptions.isProbe(args)) {
            System.exit(ProbeCommand.run(System.out, args));
        }
        SpringApplication.run(SampleApplication.class, args);
    }
}
