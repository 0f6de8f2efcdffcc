package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

@BrookTest(lifecycle = BrookTest.Lifecycle.PER_TEST)
class PerTestBrokerTest {
    private static final Set<Integer> ports = new HashSet<>();
    private static final Set<Path> dataDirs = new HashSet<>();

    @RepeatedTest(3)
    void eachTestGetsAFreshEmptyBroker(BrookBroker brook) {
        assertThat(brook.broker().listTopics()).isEmpty();
        brook.createTopic("mine", 1);
        ports.add(brook.port());
        dataDirs.add(brook.dataDir());
    }

    @AfterAll
    static void everyBrokerWasItsOwnAndIsGone() {
        assertThat(ports).hasSize(3);
        assertThat(dataDirs).hasSize(3).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}
