package dev.brook.client.consumer;

/**
 * A commit was refused because the consumer is no longer the member that owns the partitions: the
 * broker removed it from the group (no heartbeat within the session timeout) or fenced its epoch.
 * Another member may be reading the partitions by now, so retrying the commit is wrong; the
 * consumer rejoins the group at its next {@code poll}, and the records since the last successful
 * commit will be read again by whoever owns the partitions. Not retriable.
 */
public class CommitFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
