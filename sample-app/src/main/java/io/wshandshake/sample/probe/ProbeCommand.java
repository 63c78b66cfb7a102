package io.wshandshake.sample.probe;

import java.io.PrintStream;

/**
 * The probe as a command: reads the {@code --probe.*} options, probes, prints the report and returns the exit code.
 * It needs no Spring context: the probe drives the validator directly.
 */
public final class ProbeCommand {

    /** Exit code for a missing, unknown or bad option. */
    public static final int EXIT_USAGE = 64;

    private ProbeCommand() {
    }

    /** Runs the probe with these command-line arguments, printing to {@code out}, and returns the exit code. */
    public static int run(PrintStream out, String... args) {
        ProbeOptions options;
        try {
            options = ProbeOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            out.println("Cannot probe: " + ex.getMessage());
            out.println(ProbeOptions.USAGE);
            return EXIT_USAGE;
        }
        ProbeReport report = new HandshakeProbe().probe(options.url(), options.subprotocols(), options.extensions(),
                options.subprotocolRequired(), options.timeout());
        report.print(out);
        return report.exitCode();
    }
}
