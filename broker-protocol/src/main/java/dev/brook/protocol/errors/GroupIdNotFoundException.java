package dev.brook.protocol.errors;

/**
 * No group of that id exists: it has neither members nor committed offsets. Error code
 * {@link ErrorCode#GROUP_ID_NOT_FOUND}.
 */
public class GroupIdNotFoundException extends BrookException {
    private static final long serialVersionUID = 1L;

    public GroupIdNotFoundException(String message) {
        super(ErrorCode.GROUP_ID_NOT_FOUND, message);
    }
}
