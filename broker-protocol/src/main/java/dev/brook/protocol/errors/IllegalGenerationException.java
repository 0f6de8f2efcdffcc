package dev.brook.protocol.errors;

/**
 * An offset commit carried a member epoch older than the member's current one: the group gave the
 * member a new assignment since. The member learns its epoch from its next heartbeat and commits
 * again the partitions it still owns. Error code {@link ErrorCode#ILLEGAL_GENERATION}.
 */
public class IllegalGenerationException extends BrookException {
    private static final long serialVersionUID = 1L;

    public IllegalGenerationException(String message) {
        super(ErrorCode.ILLEGAL_GENERATION, message);
    }
}
