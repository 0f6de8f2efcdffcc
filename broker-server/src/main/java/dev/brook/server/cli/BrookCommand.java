package dev.brook.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code brook} command line, run by {@code bin/brook}: one subcommand per tool.
 * Each subcommand exits non-zero with a one-line error when it fails.
 */
@Command(name = "brook", mixinStandardHelpOptions = true, versionProvider = BrookVersion.class,
        description = "Brook, a single-node log broker.",
        subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
public final class BrookCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, for tests. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new BrookCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("brook " + cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
