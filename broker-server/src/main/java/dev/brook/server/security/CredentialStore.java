package dev.brook.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * The users allowed in, in {@code <data.dir>/users.properties}: for each user and SCRAM mechanism
 * a salted credential as SCRAM stores it (salt, stored key, server key, iterations; RFC 5802),
 * never the password. SASL/PLAIN checks a password by deriving the stored key from it with the
 * user's SCRAM-SHA-512 (else SCRAM-SHA-256) salt and comparing in constant time.
 *
 * <pre>
 *  # one line per user and mechanism: MECHANISM.user=salt=...,stored_key=...,server_key=...,iterations=N
 *  SCRAM-SHA-512.alice=salt=...,stored_key=...,server_key=...,iterations=8192
 * </pre>
 *
 * Changes ({@link #addUser}, {@link #deleteUser}, used by {@code bin/brook users}) replace the file
 * atomically (a temporary file, synced, then renamed), readable by its owner only. A running
 * broker notices a changed file (its modification time or size) at the next authentication and
 * reads it again, so users can be managed while it runs.
 *
 * <p>Thread-safe.
 */
public final class CredentialStore {
    public static final String FILE_NAME = "users.properties";
    /** Kafka's default for SCRAM credentials is 4096; more costs an attacker more per guess. */
    public static final int DEFAULT_ITERATIONS = 8192;

    private final Path file;
    private Map<String, String> entries = Map.of();
    private FileTime loadedModified;
    private long loadedSize = -1;

    public CredentialStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The credential of {@code user} for {@code mechanism}, or null when there is none. */
    public synchronized ScramCredential credential(String user, ScramMechanism mechanism) {
        String value = current().get(mechanism.mechanismName() + "." + user);
        return value == null ? null : ScramCredentialUtils.credentialFromString(value);
    }

    /** Whether {@code password} is {@code user}'s, checked against a stored SCRAM credential. */
    public boolean verifyPassword(String user, char[] password) {
        for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256)) {
            ScramCredential credential = credential(user, mechanism);
            if (credential != null) {
                try {
                    ScramFormatter formatter = new ScramFormatter(mechanism);
                    byte[] salted = formatter.saltedPassword(new String(password), credential.salt(),
                            credential.iterations());
                    byte[] storedKey = formatter.storedKey(formatter.clientKey(salted));
                    return MessageDigest.isEqual(storedKey, credential.storedKey());
                } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                    throw new IllegalStateException("the JDK lacks " + mechanism.hashAlgorithm(), e);
                }
            }
        }
        return false;
    }

    /** The users with at least one credential, each with its mechanisms. */
    public synchronized Map<String, Collection<String>> users() {
        Map<String, Collection<String>> users = new TreeMap<>();
        for (String key : current().keySet()) {
            int dot = key.indexOf('.');
            users.computeIfAbsent(key.substring(dot + 1), k -> new TreeSet<>()).add(key.substring(0, dot));
        }
        return users;
    }

    /** Adds or replaces {@code user}'s credentials for {@code mechanisms}, derived from {@code password}. */
    public synchronized void addUser(String user, String password, Collection<ScramMechanism> mechanisms,
            int iterations) throws IOException {
        if (user.isEmpty() || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user name must be non-empty and printable");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password of " + user + " is empty");
        }
        Map<String, String> updated = new TreeMap<>(read());
        for (ScramMechanism mechanism : mechanisms) {
            if (iterations < mechanism.minIterations() || iterations > mechanism.maxIterations()) {
                throw new IllegalArgumentException("iterations must be between " + mechanism.minIterations() + " and "
                        + mechanism.maxIterations() + " for " + mechanism.mechanismName());
            }
            try {
                ScramCredential credential = new ScramFormatter(mechanism).generateCredential(password, iterations);
                updated.put(mechanism.mechanismName() + "." + user, ScramCredentialUtils.credentialToString(credential));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + mechanism.hashAlgorithm(), e);
            }
        }
        write(updated);
    }

    /** Removes every credential of {@code user}; returns whether there was one. */
    public synchronized boolean deleteUser(String user) throws IOException {
        Map<String, String> updated = new TreeMap<>(read());
        boolean removed = updated.keySet().removeIf(key -> key.substring(key.indexOf('.') + 1).equals(user));
        if (removed) {
            write(updated);
        }
        return removed;
    }

    /** The entries, read again when the file changed since the last read. */
    private Map<String, String> current() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!modified.equals(loadedModified) || size != loadedSize) {
                entries = read();
                loadedModified = modified;
                loadedSize = size;
            }
        } catch (NoSuchFileException e) {
            entries = Map.of();
            loadedModified = null;
            loadedSize = -1;
        } catch (IOException e) {
            // Keep the users last read rather than let nobody in, and say why.
            throw new IllegalStateException("cannot read the users file " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private Map<String, String> read() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> read = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (dot < 0 || !ScramMechanism.isScram(key.substring(0, dot))) {
                throw new IOException(file + " has an entry '" + key + "' that is not MECHANISM.user");
            }
            read.put(key, properties.getProperty(key));
        }
        return read;
    }

    private void write(Map<String, String> updated) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Properties properties = new Properties();
        properties.putAll(updated);
        try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            properties.store(out, "Brook users: salted SCRAM credentials, managed with bin/brook users");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every file system syncs directories; the rename itself is atomic.
        }
    }
}
