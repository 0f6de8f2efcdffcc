package dev.brook.core.internal.producer;

import dev.brook.core.ProducerIdAndEpoch;
import dev.brook.core.internal.util.FileUtils;
import dev.brook.protocol.errors.InvalidRequestException;
import dev.brook.protocol.errors.ProducerFencedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out idempotent producers' ids and bumps their epochs, as Kafka's {@code InitProducerId}.
 *
 * <p><b>Ids are never handed out twice</b>, even across crashes: ids are reserved in blocks of
 * {@value #BLOCK_SIZE}, and the end of the reserved block is written to {@value #FILE_NAME} in the
 * data directory (atomically, synced) before the block's first id is handed out. A restart
 * continues after the last reserved block, so a crash skips at most one block's unused ids.
 *
 * <pre>
 *  brook-producer-ids 1
 *  &lt;first id not yet reserved&gt;
 * </pre>
 *
 * <p><b>Epochs</b> are known only in memory, for the ids handed out or bumped since the broker
 * started and used within {@code producer.id.expiration.ms}. That is all correctness needs: a
 * bump request for an id the broker does not know gets a new id with epoch 0, which can collide
 * with nothing, and the partitions go on fencing the old id's older epochs by themselves.
 *
 * <p>Thread-safe: every method is synchronized; they are rare (once per producer start or
 * error), and a block reservation is one small file write.
 */
public final class ProducerIdManager {
    public static final String FILE_NAME = "producer-id-block";
    static final int BLOCK_SIZE = 1000;
    private static final String HEADER = "brook-producer-ids 1";

    private final Path file;
    private final Clock clock;
    private final long expirationMs;
    private final Map<Long, KnownProducer> known = new HashMap<>();
    private long nextId;
    private long reservedEnd;

    private ProducerIdManager(Path file, Clock clock, long expirationMs, long nextId) {
        this.file = file;
        this.clock = clock;
        this.expirationMs = expirationMs;
        this.nextId = nextId;
        this.reservedEnd = nextId;
    }

    /**
     * Reads the reservation file in {@code dataDir}; a missing file means no id was handed out yet.
     *
     * @throws IOException if the file cannot be read or is damaged: the broker must not start, as
     *     it could hand out an id again
     */
    public static ProducerIdManager open(Path dataDir, Clock clock, long expirationMs) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        long next = 0;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            try {
                if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
                    throw new NumberFormatException("expected '" + HEADER + "' and an id");
                }
                next = Long.parseLong(lines.get(1).trim());
                if (next < 0) {
                    throw new NumberFormatException("negative id " + next);
                }
            } catch (NumberFormatException e) {
                throw new IOException("producer id reservation file " + file + " is damaged (" + e.getMessage()
                        + "); refusing to start rather than hand out a producer id twice");
            }
        }
        return new ProducerIdManager(file, clock, expirationMs, next);
    }

    /** A producer id never handed out before, with epoch 0. */
    public synchronized ProducerIdAndEpoch newProducer() {
        if (nextId == reservedEnd) {
            long end = Math.addExact(reservedEnd, BLOCK_SIZE);
            String content = HEADER + "\n" + end + "\n";
            try {
                FileUtils.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new dev.brook.protocol.errors.StorageException("could not reserve producer ids " + reservedEnd
                        + " to " + (end - 1) + " in " + file + ": " + e.getMessage(), e);
            }
            reservedEnd = end;
        }
        long id = nextId++;
        known.put(id, new KnownProducer((short) 0, (short) -1, -1, clock.millis()));
        return new ProducerIdAndEpoch(id, (short) 0);
    }

    /**
     * Bumps the epoch of a producer that starts over (KIP-360): {@code epoch} is the one it holds.
     * <ul>
     *   <li>the current epoch, or a later one (Kafka's idempotent producers bump their epoch
     *       locally, unseen by this class): the next epoch, or a new id with epoch 0 when the epoch
     *       cannot grow past {@link Short#MAX_VALUE};</li>
     *   <li>the epoch before the current one: a retry of a bump whose answer was lost, answered
     *       with the current epoch again;</li>
     *   <li>an older epoch: another instance has bumped it since;</li>
     *   <li>an id this broker does not know (handed out before a restart, or idle past the
     *       expiration): a new id with epoch 0.</li>
     * </ul>
     *
     * @throws ProducerFencedException if the epoch is older than the id's current one
     * @throws InvalidRequestException if the id is at least 0 and the epoch is negative
     */
    public synchronized ProducerIdAndEpoch bumpEpoch(long producerId, short epoch) {
        if (producerId < 0) {
            return newProducer();
        }
        if (epoch < 0) {
            throw new InvalidRequestException("producer id " + producerId + " came with epoch " + epoch
                    + "; an existing producer's epoch is at least 0");
        }
        long now = clock.millis();
        KnownProducer current = known.get(producerId);
        if (current == null || now - current.lastUsedMs >= expirationMs) {
            return newProducer();
        }
        if (current.replacedBy >= 0) {
            KnownProducer successor = known.get(current.replacedBy);
            if (epoch == current.epoch && successor != null) {
                return new ProducerIdAndEpoch(current.replacedBy, successor.epoch);
            }
            throw fenced(producerId, epoch, current);
        }
        if (epoch >= current.epoch) {
            if (epoch == Short.MAX_VALUE) {
                ProducerIdAndEpoch successor = newProducer();
                known.put(producerId, new KnownProducer(epoch, current.epoch, successor.producerId(), now));
                return successor;
            }
            short bumped = (short) (epoch + 1);
            known.put(producerId, new KnownProducer(bumped, epoch, -1, now));
            return new ProducerIdAndEpoch(producerId, bumped);
        }
        if (epoch == current.previousEpoch) {
            known.put(producerId, new KnownProducer(current.epoch, current.previousEpoch, -1, now));
            return new ProducerIdAndEpoch(producerId, current.epoch);
        }
        throw fenced(producerId, epoch, current);
    }

    private static ProducerFencedException fenced(long producerId, short epoch, KnownProducer current) {
        return new ProducerFencedException("producer id " + producerId + " asked to bump epoch " + epoch
                + ", but its epoch is " + current.epoch + (current.replacedBy >= 0 ? " and it was replaced by id "
                + current.replacedBy : "") + ": another instance has bumped it since");
    }

    /** Forgets ids not used for the expiration time; returns how many. */
    public synchronized int expire() {
        long now = clock.millis();
        int before = known.size();
        known.values().removeIf(producer -> now - producer.lastUsedMs >= expirationMs);
        return before - known.size();
    }

    /**
     * What the broker knows of one producer id: its current and previous epoch, and the id that
     * replaced it when its epoch ran out (-1 if none). Immutable.
     */
    private record KnownProducer(short epoch, short previousEpoch, long replacedBy, long lastUsedMs) {
    }
}
