package dev.brook.server.cli;

import picocli.CommandLine;

/** The version printed by {@code brook --version}: the jar's implementation version. */
final class BrookVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BrookVersion.class.getPackage().getImplementationVersion();
        return new String[] {"Brook " + (version == null ? "(development build)" : version)};
    }
}
