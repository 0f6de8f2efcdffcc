package dev.brook.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code brook} command line, run by {@code bin/brook}: one subcommand per tool.
 * Each subcommand exits non-zero with a one-line error when it fails.
 */
@Command(name = "brook", mixinStandardHelpOptions = true, versionProvider = BrookVersion.class,
        description = "Brook, a single-node log broker.",
        subcommands = {ServerCommand.class, TopicsCommand.class, ConsumerGroupsCommand.class,
                ConsoleProducerCommand.class, ConsoleConsumerCommand.class, PerfProducerCommand.class, PerfConsumerCommand.class,
                MirrorCommand.class,
                UsersCommand.class,
                AclsCommand.class,
                TrainClassDataCommand.class,
                StatusCommand.class,
                CommandLine.HelpCommand.class})
public final class BrookCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        ServerCommand server = ServerCommand.parseSimple(args);
        System.exit(server != null ? runServer(server) : execute(args));
    }

    /** {@code brook server}, parsed without picocli: fails as picocli's handler below would. */
    private static int runServer(ServerCommand server) {
        try {
            return server.call();
        } catch (Exception e) {
            System.err.println("brook server: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output going to {@code out} and {@code err}, for tests and embedding. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new BrookCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One line a person can act on; the stack trace is for bugs, not for user errors.
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            cmd.getErr().println("brook " + cmd.getCommandName() + ": " + message);
            cmd.getErr().flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
