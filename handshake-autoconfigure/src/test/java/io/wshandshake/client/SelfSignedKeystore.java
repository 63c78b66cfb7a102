package io.wshandshake.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed PKCS12 keystore for {@code localhost} and {@code 127.0.0.1} (alias {@code localhost}, password
 * {@value #PASSWORD}), made by the JDK's {@code keytool}: the key material of the TLS tests, servlet and reactive.
 */
public final class SelfSignedKeystore {

    /** The store's and the key's password. */
    public static final String PASSWORD = "secret";

    private SelfSignedKeystore() {
    }

    /** Creates {@code localhost.p12} in {@code dir} and returns its path. */
    public static Path create(Path dir) throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.size(keystore)).isPositive();
        return keystore;
    }
}
