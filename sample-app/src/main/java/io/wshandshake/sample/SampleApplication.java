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
        // Once started, the sample ends only when asked to: Ctrl-C (SIGINT) or SIGTERM, after which the JVM would
        // exit with 130 or 143, and spring-boot:run reports anything but 0 and 130 as BUILD FAILURE. Boot runs its
        // shutdown handlers after the context has closed (gracefully): end with 0 there, as a command that did its job.
        SpringApplication.getShutdownHandlers().add(() -> Runtime.getRuntime().halt(0));
    }
}
