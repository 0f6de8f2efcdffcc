package dev.brook.core.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.ProducerIdAndEpoch;
import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidRequestException;
import dev.brook.protocol.errors.ProducerFencedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {
    private static final long EXPIRATION_MS = 60_000;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(0);

    private ProducerIdManager open() throws IOException {
        return ProducerIdManager.open(dataDir, clock, EXPIRATION_MS);
    }

    private String reservationFile() throws IOException {
        return Files.readString(dataDir.resolve(ProducerIdManager.FILE_NAME), StandardCharsets.UTF_8);
    }

    @Test
    void idsAreReservedInBlocksBeforeTheyAreHandedOut() throws IOException {
        ProducerIdManager manager = open();
        assertThat(dataDir.resolve(ProducerIdManager.FILE_NAME)).doesNotExist();

        assertThat(manager.newProducer()).isEqualTo(new ProducerIdAndEpoch(0, (short) 0));
        assertThat(reservationFile()).isEqualTo("brook-producer-ids 1\n1000\n");
        for (int i = 1; i < ProducerIdManager.BLOCK_SIZE; i++) {
            assertThat(manager.newProducer().producerId()).isEqualTo(i);
        }
        assertThat(reservationFile()).endsWith("\n1000\n");
        assertThat(manager.newProducer().producerId()).isEqualTo(1000);
        assertThat(reservationFile()).endsWith("\n2000\n");
    }

    @Test
    void aReopenedManagerContinuesAfterTheReservedBlock() throws IOException {
        open().newProducer();

        assertThat(open().newProducer().producerId()).isEqualTo(ProducerIdManager.BLOCK_SIZE);
    }

    @Test
    void aDamagedReservationFileRefusesToOpen() throws IOException {
        Files.writeString(dataDir.resolve(ProducerIdManager.FILE_NAME), "brook-producer-ids 1\nten\n");

        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining(ProducerIdManager.FILE_NAME).hasMessageContaining("hand out a producer id twice");
    }

    @Test
    void bumpingTheCurrentEpochGivesTheNextAndARetryGetsTheSameAnswer() throws IOException {
        ProducerIdManager manager = open();
        ProducerIdAndEpoch first = manager.newProducer();

        ProducerIdAndEpoch bumped = manager.bumpEpoch(first.producerId(), first.epoch());

        assertThat(bumped).isEqualTo(new ProducerIdAndEpoch(first.producerId(), (short) 1));
        assertThat(manager.bumpEpoch(first.producerId(), (short) 0)).isEqualTo(bumped);
        assertThat(manager.bumpEpoch(first.producerId(), (short) 1).epoch()).isEqualTo((short) 2);
    }

    @Test
    void aStaleEpochIsFenced() throws IOException {
        ProducerIdManager manager = open();
        long id = manager.newProducer().producerId();
        manager.bumpEpoch(id, (short) 0);
        manager.bumpEpoch(id, (short) 1);

        assertThatThrownBy(() -> manager.bumpEpoch(id, (short) 0))
                .isExactlyInstanceOf(ProducerFencedException.class)
                .hasMessageContaining("producer id " + id).hasMessageContaining("its epoch is 2")
                .satisfies(e -> assertThat(((ProducerFencedException) e).errorCode()).isSameAs(ErrorCode.PRODUCER_FENCED));
    }

    @Test
    void anEpochAheadOfTheKnownOneIsBumpedFromThere() throws IOException {
        // Kafka's idempotent producers bump their epoch locally, without asking the broker.
        ProducerIdManager manager = open();
        long id = manager.newProducer().producerId();

        assertThat(manager.bumpEpoch(id, (short) 9)).isEqualTo(new ProducerIdAndEpoch(id, (short) 10));
    }

    @Test
    void anExhaustedEpochGetsANewIdAndARetryGetsTheSameNewId() throws IOException {
        ProducerIdManager manager = open();
        long id = manager.newProducer().producerId();

        ProducerIdAndEpoch replacement = manager.bumpEpoch(id, Short.MAX_VALUE);

        assertThat(replacement.producerId()).isNotEqualTo(id);
        assertThat(replacement.epoch()).isZero();
        assertThat(manager.bumpEpoch(id, Short.MAX_VALUE)).isEqualTo(replacement);
        assertThatThrownBy(() -> manager.bumpEpoch(id, (short) 5)).isExactlyInstanceOf(ProducerFencedException.class);
    }

    @Test
    void anUnknownOrExpiredIdGetsANewId() throws IOException {
        ProducerIdManager manager = open();
        long id = manager.newProducer().producerId();
        clock.advance(Duration.ofMillis(EXPIRATION_MS));

        ProducerIdAndEpoch replacement = manager.bumpEpoch(id, (short) 0);
        assertThat(replacement.producerId()).isNotEqualTo(id);
        assertThat(manager.bumpEpoch(123_456, (short) 4).producerId()).isNotEqualTo(123_456);
        assertThat(open().bumpEpoch(replacement.producerId(), (short) 0).producerId())
                .as("after a restart").isNotEqualTo(replacement.producerId());
    }

    @Test
    void expiryForgetsIdleIds() throws IOException {
        ProducerIdManager manager = open();
        manager.newProducer();
        clock.advance(Duration.ofMillis(EXPIRATION_MS - 1));
        ProducerIdAndEpoch recent = manager.newProducer();
        clock.advance(Duration.ofMillis(1));

        assertThat(manager.expire()).isEqualTo(1);
        assertThat(manager.bumpEpoch(recent.producerId(), (short) 0).producerId()).isEqualTo(recent.producerId());
    }

    @Test
    void noProducerIdMeansANewProducerAndANegativeEpochIsInvalid() throws IOException {
        ProducerIdManager manager = open();

        assertThat(manager.bumpEpoch(-1, (short) -1)).isEqualTo(new ProducerIdAndEpoch(0, (short) 0));
        assertThatThrownBy(() -> manager.bumpEpoch(0, (short) -1)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("producer id 0");
    }
}
