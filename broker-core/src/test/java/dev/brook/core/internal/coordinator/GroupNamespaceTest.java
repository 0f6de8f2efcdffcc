package dev.brook.core.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupNamespaceTest {
    private final GroupNamespace namespace = new GroupNamespace();
    private final Object first = new Object();
    private final Object second = new Object();

    @Test
    void oneKindHoldsAnIdUntilItsGroupReleasesIt() {
        assertThat(namespace.claim("g", GroupNamespace.Kind.CONSUMER, first)).isTrue();
        assertThat(namespace.claim("g", GroupNamespace.Kind.CLASSIC, second)).isFalse();

        namespace.release("g", GroupNamespace.Kind.CONSUMER, first);

        assertThat(namespace.owner("g")).isNull();
        assertThat(namespace.claim("g", GroupNamespace.Kind.CLASSIC, second)).isTrue();
    }

    @Test
    void aDroppedGroupsLateReleaseLeavesTheIdWithTheNewGroupOfThatId() {
        namespace.claim("g", GroupNamespace.Kind.CONSUMER, first);
        // The emptied group object is dropped; a new one for the id gets a member before the old
        // one's release runs.
        assertThat(namespace.claim("g", GroupNamespace.Kind.CONSUMER, second)).isTrue();

        namespace.release("g", GroupNamespace.Kind.CONSUMER, first);

        assertThat(namespace.owner("g")).isEqualTo(GroupNamespace.Kind.CONSUMER);
        assertThat(namespace.claim("g", GroupNamespace.Kind.CLASSIC, new Object())).as("a classic group of the id")
                .isFalse();
        namespace.release("g", GroupNamespace.Kind.CONSUMER, second);
        assertThat(namespace.owner("g")).isNull();
    }
}
