package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs at the same time as the other ParallelClass test, each with its own broker. */
@BrookTest
class ParallelClassATest {
    static volatile BrookBroker mine;

    @Test
    void runsBesideTheOtherClassWithItsOwnBroker(BrookBroker brook) throws Exception {
        mine = brook;
        brook.createTopic("shared-name", 1);
        ParallelClasses.meet();
        BrookBroker other = ParallelClassBTest.mine;
        assertThat(other).isNotNull().isNotSameAs(brook);
        assertThat(other.port()).isNotEqualTo(brook.port());
        ParallelClasses.meet();
    }
}
