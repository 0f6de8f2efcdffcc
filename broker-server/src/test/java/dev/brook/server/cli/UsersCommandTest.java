package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.security.CredentialStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsersCommandTest {
    @TempDir
    Path dir;

    @Test
    void usersAreAddedHashedListedAndDeleted() throws Exception {
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "s3cret-pass\n");
        assertThat(run("users", "--data-dir", dir.toString(), "--add", "alice", "--password-file",
                passwordFile.toString())).isZero();
        assertThat(run("users", "--data-dir", dir.toString(), "--add", "bob", "--password", "hunter2",
                "--mechanism", "SCRAM-SHA-512")).isZero();

        Path file = dir.resolve(CredentialStore.FILE_NAME);
        String stored = Files.readString(file);
        assertThat(stored).contains("SCRAM-SHA-512.alice=salt").doesNotContain("s3cret-pass").doesNotContain("hunter2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CredentialStore store = new CredentialStore(dir);
        assertThat(store.verifyPassword("alice", "s3cret-pass".toCharArray())).isTrue();
        assertThat(store.verifyPassword("alice", "wrong".toCharArray())).isFalse();
        assertThat(store.credential("bob", ScramMechanism.SCRAM_SHA_256)).isNull();

        StringWriter out = new StringWriter();
        assertThat(run(out, "users", "--data-dir", dir.toString(), "--list")).isZero();
        assertThat(out.toString()).contains("alice\tSCRAM-SHA-256,SCRAM-SHA-512").contains("bob\tSCRAM-SHA-512");

        assertThat(run("users", "--data-dir", dir.toString(), "--delete", "alice")).isZero();
        assertThat(store.users()).containsOnlyKeys("bob");
        assertThat(run("users", "--data-dir", dir.toString(), "--delete", "alice")).isEqualTo(1);
    }

    private static int run(String... args) {
        return run(new StringWriter(), args);
    }

    private static int run(StringWriter out, String... args) {
        CommandLine command = new CommandLine(new BrookCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));
        return command.execute(args);
    }
}
