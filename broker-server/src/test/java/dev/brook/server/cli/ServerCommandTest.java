package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerCommandTest {
    @Test
    void parseSimpleReadsTheValueOptionsInBothForms() {
        ServerCommand command = ServerCommand.parseSimple("server", "--data-dir", "/tmp/d", "--port=0",
                "--host", "0.0.0.0", "--config=broker.properties");
        assertThat(command).isNotNull();
        assertThat(command.dataDir).isEqualTo(Path.of("/tmp/d"));
        assertThat(command.port).isZero();
        assertThat(command.host).isEqualTo("0.0.0.0");
        assertThat(command.configFile).isEqualTo(Path.of("broker.properties"));
    }

    @Test
    void parseSimpleTakesAServerWithoutOptions() {
        ServerCommand command = ServerCommand.parseSimple("server");
        assertThat(command).isNotNull();
        assertThat(command.port).isNull();
        assertThat(command.dataDir).isNull();
    }

    @Test
    void parseSimpleLeavesEverythingElseToPicocli() {
        assertThat(ServerCommand.parseSimple()).isNull();
        assertThat(ServerCommand.parseSimple("topics", "--list")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--help")).isNull();
        assertThat(ServerCommand.parseSimple("server", "-h")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--version")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--port")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--port", "seven")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--port", "1", "--port", "2")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--port=")).isNull();
        assertThat(ServerCommand.parseSimple("server", "--unknown", "x")).isNull();
        assertThat(ServerCommand.parseSimple("server", "stray")).isNull();
    }
}
