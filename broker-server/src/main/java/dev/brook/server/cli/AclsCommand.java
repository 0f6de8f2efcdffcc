package dev.brook.server.cli;

import dev.brook.server.security.AclStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook acls}: adds, removes and lists the rules of the Kafka listener's ACLs, in
 * {@code <data-dir>/acls.txt}, checked when the broker runs with {@code authorizer.enabled=true}.
 * Works on the data directory directly, with or without a broker running; a running broker reads
 * the changed file at its next request.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = "Add, remove or list ACL rules: which principal may do what on which topic, group or the cluster.")
final class AclsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The broker's data.dir.")
    Path dataDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--add", description = "Add rules.")
        boolean add;

        @Option(names = "--remove", description = "Remove rules.")
        boolean remove;

        @Option(names = "--list", description = "List every rule.")
        boolean list;
    }

    @Option(names = "--allow-principal", paramLabel = "User:NAME", description = "Whom the rules allow (User:* is anyone).")
    String principal;

    @Option(names = "--operation", paramLabel = "OP", split = ",",
            description = "READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS or ALL (repeatable).")
    List<AclStore.Operation> operations = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "TOPIC", description = "A topic, or * for every topic (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "A consumer group, or * for every group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--cluster", description = "The cluster (creating topics, broker configs).")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AclStore store = new AclStore(dataDir);
        if (action.list) {
            for (AclStore.Rule rule : store.rules()) {
                out.println(rule.principal() + "\t" + rule.type() + "\t" + rule.name() + "\t" + rule.operation());
            }
            out.flush();
            return 0;
        }
        if (principal == null || operations.isEmpty() || (topics.isEmpty() && groups.isEmpty() && !cluster)) {
            throw new IllegalArgumentException("--add and --remove need --allow-principal, --operation, and --topic, "
                    + "--group or --cluster");
        }
        List<AclStore.Rule> rules = new ArrayList<>();
        for (AclStore.Operation operation : operations) {
            topics.forEach(t -> rules.add(new AclStore.Rule(principal, AclStore.ResourceType.TOPIC, t, operation)));
            groups.forEach(g -> rules.add(new AclStore.Rule(principal, AclStore.ResourceType.GROUP, g, operation)));
            if (cluster) {
                rules.add(new AclStore.Rule(principal, AclStore.ResourceType.CLUSTER, "kafka-cluster", operation));
            }
        }
        for (AclStore.Rule rule : rules) {
            if (action.add) {
                store.add(rule);
                out.println("added: " + rule.principal() + " may " + rule.operation() + " " + rule.type() + " " + rule.name());
            } else if (store.remove(rule)) {
                out.println("removed: " + rule.principal() + " " + rule.operation() + " " + rule.type() + " " + rule.name());
            } else {
                out.println("no such rule: " + rule.principal() + " " + rule.operation() + " " + rule.type() + " " + rule.name());
            }
        }
        out.flush();
        return 0;
    }
}
