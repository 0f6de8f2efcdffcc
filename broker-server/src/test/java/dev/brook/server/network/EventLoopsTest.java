package dev.brook.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.NetworkTransport;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void warmingUpLeavesNoThreadOfItsOwnBehind() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EventLoops.warmUp(NetworkTransport.NIO);
        EventLoops.warmUp(NetworkTransport.AUTO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> left = brookThreadsSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = brookThreadsSince(before);
        }
        assertThat(left).isEmpty();
    }

    @Test
    void loopsOnTheTransportAskedFor() {
        try (EventLoops nio = new EventLoops(1, NetworkTransport.NIO)) {
            assertThat(nio.transport()).isEqualTo("NIO");
        }
    }

    private static Set<String> brookThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(name -> name.startsWith("brook-")).collect(Collectors.toSet());
    }
}
