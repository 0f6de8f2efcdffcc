package dev.brook.client.producer.internal;

/**
 * The 32-bit MurmurHash2 variant that Apache Kafka's default partitioner applies to serialized
 * keys (seed 0x9747b28c), so that a key lands on the same partition with Brook's producer as with
 * kafka-clients. Stateless and thread-safe.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff) | ((data[at + 1] & 0xff) << 8) | ((data[at + 2] & 0xff) << 16)
                    | ((data[at + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** The partition Kafka's default partitioner picks for a keyed record. */
    public static int partitionFor(byte[] serializedKey, int partitions) {
        return (hash(serializedKey) & 0x7fffffff) % partitions;
    }
}
