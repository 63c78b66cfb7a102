package io.wshandshake.sample;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample. Run without arguments, it starts a WebSocket server, connects to it with the auto-configured
 * validating client and logs what was negotiated, then shows a failed handshake, and keeps running with the
 * metrics endpoint up. Run with {@code --probe.url=ws://...} it probes that server instead and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        if (isProbe(args)) {
            System.exit(runProbe(args));
        }
        SpringApplication.run(SampleApplication.class, args);
    }

    /** Runs the probe without a web server and returns its exit code. */
    static int runProbe(String... args) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setAdditionalProfiles("probe");
        return SpringApplication.exit(application.run(args));
    }

    static boolean isProbe(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--probe.url="));
    }
}
