package dev.brook.client.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class Murmur2Test {
    @Test
    void hashesExactlyAsKafkaDoes() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(0, 64)];
            random.nextBytes(key);
            assertThat(Murmur2.hash(key)).as("key of %d bytes", key.length).isEqualTo(Utils.murmur2(key));
        }
    }

    @Test
    void picksTheSamePartitionAsKafkasDefaultPartitioner() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = ("user-" + random.nextInt()).getBytes(StandardCharsets.UTF_8);
            int partitions = random.nextInt(1, 100);
            assertThat(Murmur2.partitionFor(key, partitions))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
    }
}
