package dev.brook.core.internal.util;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for identifiers that must be unique but need not be unguessable: a data
 * directory's cluster id and topic ids.
 *
 * <p>Not {@link UUID#randomUUID()}: its first call in a JVM loads and seeds the JDK's security
 * providers for a {@code SecureRandom}, about 80 classes and tens of milliseconds, which was a
 * tenth of a new broker's start (every broker started on a new data directory, as in tests, makes
 * a cluster id). 122 random bits from {@link ThreadLocalRandom}, seeded from the clocks, make a
 * collision as unlikely. Ids a client could abuse by guessing (group member ids) keep using
 * {@code randomUUID}.
 *
 * <p>Stateless; thread-safe.
 */
public final class RandomIds {
    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

    private RandomIds() {
    }

    /** A new random UUID (version 4, IETF variant). */
    public static UUID uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
        long least = (random.nextLong() & ~VARIANT_MASK) | VARIANT_IETF;
        return new UUID(most, least);
    }
}
