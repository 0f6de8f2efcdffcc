package dev.brook.server.cli;

import dev.brook.server.security.CredentialStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook users}: adds, deletes and lists the users of the Kafka listener's SASL
 * authentication, in {@code <data-dir>/users.properties}. Works on the data directory directly,
 * with or without a broker running; a running broker reads the changed file at its next
 * authentication.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Add, delete or list the users who may authenticate (SASL PLAIN and SCRAM) to the Kafka listener.")
final class UsersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The broker's data.dir.")
    Path dataDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--add", paramLabel = "NAME", description = "Add a user, or replace its password.")
        String add;

        @Option(names = "--delete", paramLabel = "NAME", description = "Delete a user.")
        String delete;

        @Option(names = "--list", description = "List the users and their mechanisms.")
        boolean list;
    }

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "For --add: a file whose first line is the password (safer than --password).")
    Path passwordFile;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "For --add: the password (visible to other users of this machine in the process list).")
    String password;

    @Option(names = "--mechanism", paramLabel = "MECHANISM", split = ",",
            description = "For --add: SCRAM-SHA-256 and/or SCRAM-SHA-512 (default: both). PLAIN is checked against either.")
    List<String> mechanisms = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", description = "For --add: SCRAM iterations (default ${DEFAULT-VALUE}).")
    int iterations = CredentialStore.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CredentialStore store = new CredentialStore(dataDir);
        if (action.list) {
            for (Map.Entry<String, Collection<String>> user : store.users().entrySet()) {
                out.println(user.getKey() + "\t" + String.join(",", user.getValue()));
            }
            out.flush();
            return 0;
        }
        if (action.delete != null) {
            if (!store.deleteUser(action.delete)) {
                err.println("no user '" + action.delete + "' in " + store.file());
                return 1;
            }
            out.println("deleted user '" + action.delete + "'");
            out.flush();
            return 0;
        }
        if ((password == null) == (passwordFile == null)) {
            err.println("--add needs exactly one of --password-file and --password");
            return 2;
        }
        String secret = password != null ? password
                : Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        List<ScramMechanism> chosen = new ArrayList<>();
        for (String name : mechanisms.isEmpty() ? List.of("SCRAM-SHA-256", "SCRAM-SHA-512") : mechanisms) {
            ScramMechanism mechanism = ScramMechanism.forMechanismName(name.trim());
            if (mechanism == null) {
                err.println("unknown mechanism '" + name + "': use SCRAM-SHA-256 or SCRAM-SHA-512");
                return 2;
            }
            chosen.add(mechanism);
        }
        try {
            store.addUser(action.add, secret, chosen, iterations);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println("added user '" + action.add + "' with " + chosen.stream().map(ScramMechanism::mechanismName).toList());
        out.flush();
        return 0;
    }
}
