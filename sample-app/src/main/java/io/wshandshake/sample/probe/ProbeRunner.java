package io.wshandshake.sample.probe;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** In the {@code probe} profile: probes {@code probe.url}, prints the report, and sets the exit code. */
@Component
@Profile("probe")
class ProbeRunner implements ApplicationRunner, ExitCodeGenerator {

    /** Exit code for a URL or offer that is not valid. */
    static final int EXIT_USAGE = 64;

    private final ProbeProperties properties;

    private int exitCode = EXIT_USAGE;

    ProbeRunner(ProbeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            ProbeReport report = new HandshakeProbe().probe(this.properties.getUrl(),
                    this.properties.getSubprotocols(), this.properties.getExtensions(),
                    this.properties.isSubprotocolRequired(), this.properties.getTimeout());
            report.print(System.out);
            this.exitCode = report.exitCode();
        }
        catch (IllegalArgumentException ex) {
            System.out.println("Cannot probe: " + ex.getMessage());
            this.exitCode = EXIT_USAGE;
        }
    }

    @Override
    public int getExitCode() {
        return this.exitCode;
    }
}
