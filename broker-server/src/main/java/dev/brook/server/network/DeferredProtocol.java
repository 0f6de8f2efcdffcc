package dev.brook.server.network;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WireProtocol} built when first needed: when its first connection opens, or earlier on
 * another thread if {@link #prepareOn} is called. A {@link Listener} can therefore bind and accept
 * before the protocol exists.
 *
 * <p>Why: the Kafka protocol reads and writes with kafka-clients' generated message classes, and
 * building it loads and initializes several hundred of them, which was the largest single part of
 * a broker's start. A test that talks only Brook's protocol never needs them; a standalone broker
 * builds them beside its start rather than before it.
 *
 * <p>Thread-safe: the protocol is built once, by whichever thread asks first; others wait for it.
 * If building fails, every connection that asks is refused with an {@link IllegalStateException}
 * that names the protocol and carries the original failure.
 */
public final class DeferredProtocol implements WireProtocol {
    private static final Logger log = LoggerFactory.getLogger(DeferredProtocol.class);

    private final String name;
    private final Supplier<? extends WireProtocol> factory;
    /** Read by the network threads as each connection opens; written once, under {@code this}. */
    private volatile WireProtocol protocol;
    /** Written once under {@code this}, read under {@code this}. */
    private Throwable failure;

    /** A protocol named {@code name} (as the built one is named) that {@code factory} builds. */
    public DeferredProtocol(String name, Supplier<? extends WireProtocol> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        return protocol().open(remote);
    }

    /** Builds the protocol on {@code executor} now, so that its first connection need not wait. */
    public void prepareOn(Executor executor) {
        executor.execute(() -> {
            try {
                protocol();
            } catch (IllegalStateException e) {
                // Said now, while someone reads the start's log; each connection is refused with it too.
                log.error("{}; its listener will refuse connections", e.getMessage(), e.getCause());
            }
        });
    }

    /** Whether the protocol has been built (successfully). */
    public boolean isBuilt() {
        return protocol != null;
    }

    /** The built protocol, building it if no thread has yet. */
    WireProtocol protocol() {
        WireProtocol built = protocol;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (protocol == null) {
                if (failure == null) {
                    try {
                        protocol = Objects.requireNonNull(factory.get(), "the factory of " + name + " returned null");
                    } catch (RuntimeException | LinkageError e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw new IllegalStateException("the " + name + " protocol could not be set up: " + failure,
                            failure);
                }
            }
            return protocol;
        }
    }
}
