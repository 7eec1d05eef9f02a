package io.qodex.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with the {@code openssl} command at test time (EC P-256, valid two days),
 * and server certificates it signs, as PEM files in a directory the test owns.
 */
public final class TestCertificates {

    /** A server certificate and its private key (PEM files). */
    public record ServerCertificate(Path certificate, Path key) {
    }

    private final Path directory;
    private final String name;
    private int serial = 1;

    private TestCertificates(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** A new CA whose files are {@code <name>-ca.crt} and {@code <name>-ca.key} in {@code directory}. */
    public static TestCertificates authority(Path directory, String name) {
        TestCertificates ca = new TestCertificates(directory, name);
        openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.key().toString(), "-out", ca.certificate().toString(), "-days", "2",
                "-subj", "/CN=" + name + " test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA's certificate (PEM): what a client trusts. */
    public Path certificate() {
        return directory.resolve(name + "-ca.crt");
    }

    private Path key() {
        return directory.resolve(name + "-ca.key");
    }

    /**
     * A server certificate signed by this CA for the given subject alternative names, e.g. {@code DNS:localhost},
     * {@code IP:127.0.0.1}; the first one's value is also the common name.
     */
    public synchronized ServerCertificate server(String... alternativeNames) {
        int number = ++serial;
        String stem = name + "-server-" + number;
        Path key = directory.resolve(stem + ".key");
        Path request = directory.resolve(stem + ".csr");
        Path certificate = directory.resolve(stem + ".crt");
        Path extensions = directory.resolve(stem + ".ext");
        String commonName = alternativeNames[0].substring(alternativeNames[0].indexOf(':') + 1);
        openssl(directory, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", request.toString(), "-subj", "/CN=" + commonName);
        try {
            Files.writeString(extensions, "subjectAltName=" + String.join(",", alternativeNames) + "\n"
                    + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", certificate().toString(),
                "-CAkey", key().toString(), "-set_serial", Integer.toString(number), "-days", "2",
                "-extfile", extensions.toString(), "-out", certificate.toString());
        return new ServerCertificate(certificate, key);
    }

    private static void openssl(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path output = directory.resolve("openssl.log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + arguments[0] + " failed: "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("The openssl command is needed to make test certificates "
                    + "(apt-get install openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running openssl", e);
        }
    }
}
