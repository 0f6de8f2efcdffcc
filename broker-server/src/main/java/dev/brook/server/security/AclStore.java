package dev.brook.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The access control list of a broker, kept in {@code <data.dir>/acls.txt}: one rule per line,
 * {@code PRINCIPAL RESOURCE-TYPE NAME OPERATION}, each allowing a principal (or {@code User:*},
 * anyone) an operation on a topic, a group or the cluster ({@code NAME} {@code *} is every one).
 * Rules only allow; what no rule allows is denied.
 *
 * <pre>
 *   User:alice TOPIC orders WRITE
 *   User:alice GROUP billing READ
 *   User:*     TOPIC public READ
 * </pre>
 *
 * <p>The file is replaced atomically when rules change ({@code bin/brook acls}) and re-read by a
 * running broker when its modification time changes, so changes apply without a restart.
 *
 * <p>Thread-safe.
 */
public final class AclStore {
    /** The file name in the data directory. */
    public static final String FILE_NAME = "acls.txt";

    /** What a rule applies to. */
    public enum ResourceType { TOPIC, GROUP, CLUSTER }

    /** What a rule allows; {@link #ALL} allows every operation. */
    public enum Operation { READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL }

    /** One rule. */
    public record Rule(String principal, ResourceType type, String name, Operation operation) {
        public Rule {
            Objects.requireNonNull(principal, "principal");
            if (!principal.startsWith("User:") || principal.length() == 5) {
                throw new IllegalArgumentException("a principal is User:NAME (or User:* for anyone), not '" + principal + "'");
            }
            if (name == null || name.isBlank() || name.contains(" ")) {
                throw new IllegalArgumentException("a resource name is a topic or group name, or *, not '" + name + "'");
            }
        }

        String line() {
            return principal + " " + type + " " + name + " " + operation;
        }

        static Rule parse(String line) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 4) {
                throw new IllegalArgumentException("an ACL line is 'PRINCIPAL TYPE NAME OPERATION', not '" + line + "'");
            }
            return new Rule(parts[0], ResourceType.valueOf(parts[1].toUpperCase(Locale.ROOT)), parts[2],
                    Operation.valueOf(parts[3].toUpperCase(Locale.ROOT)));
        }
    }

    private final Path file;
    private List<Rule> rules = List.of();
    private FileTime loadedVersion;

    public AclStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The rules as they are on disk now. */
    public synchronized List<Rule> rules() {
        reloadIfChanged();
        return rules;
    }

    public synchronized void add(Rule rule) throws IOException {
        reloadIfChanged();
        TreeSet<String> lines = lines();
        lines.add(rule.line());
        write(lines);
    }

    /** Removes a rule; returns whether there was one. */
    public synchronized boolean remove(Rule rule) throws IOException {
        reloadIfChanged();
        TreeSet<String> lines = lines();
        boolean removed = lines.remove(rule.line());
        if (removed) {
            write(lines);
        }
        return removed;
    }

    private TreeSet<String> lines() {
        TreeSet<String> lines = new TreeSet<>();
        rules.forEach(r -> lines.add(r.line()));
        return lines;
    }

    private void write(TreeSet<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(temp, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        loadedVersion = null;
        reloadIfChanged();
    }

    private void reloadIfChanged() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            List<Rule> read = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.trim().startsWith("#")) {
                    read.add(Rule.parse(line));
                }
            }
            rules = List.copyOf(read);
            loadedVersion = version;
        } catch (NoSuchFileException e) {
            rules = List.of();
            loadedVersion = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the ACLs in " + file, e);
        }
    }
}
