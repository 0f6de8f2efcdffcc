package dev.brook.server.testing;

import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's {@code keytool} in a
 * temporary directory: a PKCS12 keystore with the key, a PKCS12 truststore with the certificate,
 * and the same key and certificate as PEM files.
 */
public record TestCertificates(Path keystore, Path truststore, Path certificatePem, Path keyPem, String password) {
    /**
     * A broker on free ports with its data in {@code dataDir} whose Brook listener speaks only TLS
     * with this keystore (the Kafka listener off).
     */
    public ServerConfig tlsOnlyServer(Path dataDir) {
        return ServerConfig.builder().port(0).dataDir(dataDir).kafkaEnabled(false)
                .security("ssl.enabled", "true")
                .security("ssl.keystore.location", keystore().toString())
                .security("ssl.keystore.password", password())
                .build();
    }

    public static TestCertificates create(Path dir, String alias) throws Exception {
        String password = "changeit-" + alias;
        Path keystore = dir.resolve(alias + "-keystore.p12");
        Path truststore = dir.resolve(alias + "-truststore.p12");
        Path certificate = dir.resolve(alias + ".crt");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + alias, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        Path keyPem = dir.resolve(alias + ".key");
        Files.writeString(keyPem, pem("PRIVATE KEY", store.getKey(alias, password.toCharArray()).getEncoded()),
                StandardCharsets.US_ASCII);
        Certificate cert = store.getCertificate(alias);
        Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        return new TestCertificates(keystore, truststore, certificate, keyPem, password);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
