package io.wshandshake.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as its own process, stopped the way people stop it: Ctrl-C (SIGINT) or a kill (SIGTERM). Either way it
 * ends with exit code 0, which {@code spring-boot:run} takes as success (it reports 143 as BUILD FAILURE).
 */
@DisabledOnOs(OS.WINDOWS)
class SampleProcessTests {

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = { "INT", "TERM" })
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aStopRequestEndsTheSampleWithExitCodeZero(String signal) throws Exception {
        Process sample = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-cp", classPath(), SampleApplication.class.getName(), "--server.port=0",
                "--logging.level.io.wshandshake.sample=info").redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try {
            assertThat(awaitLine(sample.getInputStream(), "Press Ctrl+C to stop.", output))
                    .as("the sample started and ran its demonstration:%n%s", output).isTrue();
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(sample.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(sample.waitFor(60, TimeUnit.SECONDS)).as("the sample stopped").isTrue();
            assertThat(sample.exitValue()).as("exit code after SIG%s:%n%s", signal, output).isZero();
        }
        finally {
            sample.destroyForcibly();
        }
    }

    /** The test class path, for the sample's own main method. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Reads the process's output until {@code marker} appears (true) or the output ends (false). */
    private static boolean awaitLine(InputStream in, String marker, StringBuilder output) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            output.append(line).append('\n');
            if (line.toString().contains(marker)) {
                return true;
            }
            line.setLength(0);
        }
        return false;
    }
}
