package dev.brook.protocol.errors;

import java.util.HashMap;
import java.util.Map;

/**
 * The errors that the broker reports, on the wire and to embedding applications.
 *
 * <p>Where Apache Kafka has an error of the same meaning, the numeric code is Kafka's, so that the
 * Kafka-protocol listener maps one to the other without a table and a Kafka user reads familiar
 * names. {@link #retriable()} says whether a client may repeat the same request and expect it to
 * succeed later without changing anything.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorCode {
    UNKNOWN_SERVER_ERROR(-1, false, "The server experienced an unexpected error while processing the request."),
    NONE(0, false, "No error."),
    OFFSET_OUT_OF_RANGE(1, false, "The requested offset is not within the range of offsets held by the partition."),
    CORRUPT_MESSAGE(2, true, "A record batch failed its CRC check, is truncated, or is otherwise malformed."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "The topic or partition does not exist on this broker."),
    INVALID_FETCH_SIZE(4, false, "The requested fetch size is invalid."),
    REQUEST_TIMED_OUT(7, true, "The request timed out."),
    BROKER_NOT_AVAILABLE(8, false, "The broker is not available: it is starting up or shutting down."),
    MESSAGE_TOO_LARGE(10, false, "A record batch is larger than the maximum the topic accepts."),
    NETWORK_EXCEPTION(13, true, "The connection was closed before a response was received."),
    COORDINATOR_NOT_AVAILABLE(15, true,
            "The group coordinator is not available: it is loading the groups or stopping."),
    INVALID_TOPIC_EXCEPTION(17, false, "The topic name is not valid."),
    RECORD_LIST_TOO_LARGE(18, false, "The request contains more record data than the broker accepts at once."),
    INVALID_REQUIRED_ACKS(21, false, "The acks setting of the request is not one of 0, 1 or -1 (all)."),
    ILLEGAL_GENERATION(22, false,
            "The generation (or member epoch) of the request is not the group's current one."),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The member's protocol type or protocols do not match the group's,"
            + " or the group is of the other kind (classic or consumer)."),
    INVALID_GROUP_ID(24, false, "The group id is empty or otherwise not valid."),
    UNKNOWN_MEMBER_ID(25, false, "The group has no member with this id."),
    INVALID_SESSION_TIMEOUT(26, false,
            "The session timeout is outside the range the broker allows (group.min/max.session.timeout.ms)."),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing, so the member must rejoin before it can go on."),
    TOPIC_AUTHORIZATION_FAILED(29, false, "The principal is not allowed to do this to the topic."),
    GROUP_AUTHORIZATION_FAILED(30, false, "The principal is not allowed to do this to the group."),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "The principal is not allowed to do this to the cluster."),
    INVALID_TIMESTAMP(32, false, "A timestamp in the request is not valid."),
    UNSUPPORTED_SASL_MECHANISM(33, false, "The listener does not enable the SASL mechanism the client asked for."),
    ILLEGAL_SASL_STATE(34, false, "The request is not valid in the connection's SASL state: authenticate first."),
    UNSUPPORTED_VERSION(35, false, "The broker does not support this version of the request."),
    TOPIC_ALREADY_EXISTS(36, false, "A topic with this name already exists."),
    INVALID_PARTITIONS(37, false, "The number of partitions is not valid."),
    INVALID_REPLICATION_FACTOR(38, false, "The replication factor is not valid: a single-node broker accepts only 1."),
    INVALID_CONFIG(40, false, "A configuration value is not valid."),
    INVALID_REQUEST(42, false, "The request is malformed or violates the protocol."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false,
            "An idempotent producer's batch does not continue its sequence numbers in the partition."),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "An idempotent producer's batch repeats sequence numbers already stored."),
    INVALID_PRODUCER_EPOCH(47, false,
            "An idempotent producer's batch carries an epoch older than the producer's current one."),
    KAFKA_STORAGE_ERROR(56, true, "The broker could not read or write its log storage."),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL authentication failed: the user or the password is wrong."),
    UNKNOWN_PRODUCER_ID(59, false, "The broker has no state for the producer id of the request."),
    NON_EMPTY_GROUP(68, false, "The group still has members, so it cannot be deleted."),
    GROUP_ID_NOT_FOUND(69, false, "No group with this id exists."),
    MEMBER_ID_REQUIRED(79, false,
            "The group requires a member id: join again with the member id given in the response."),
    GROUP_MAX_SIZE_REACHED(81, false, "The group already has as many members as group.max.size allows."),
    FENCED_INSTANCE_ID(82, false,
            "Another member has joined with the same group instance id, so this one is fenced."),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false,
            "The group's members subscribe to the topic, so its committed offsets cannot be deleted."),
    INVALID_RECORD(87, false, "A record batch is well formed but violates a rule of the broker or topic."),
    PRODUCER_FENCED(90, false, "A newer instance of the producer has bumped the epoch, so this one must stop."),
    FENCED_MEMBER_EPOCH(110, false,
            "The member's epoch is not one the group accepts, so it must give up its partitions and join again."),
    UNSUPPORTED_ASSIGNOR(112, false, "The group has no server-side assignor of the name the member asked for.");

    private static final Map<Short, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode error : values()) {
            BY_CODE.put(error.code, error);
        }
    }

    private final short code;
    private final boolean retriable;
    private final String description;

    ErrorCode(int code, boolean retriable, String description) {
        this.code = (short) code;
        this.retriable = retriable;
        this.description = description;
    }

    /** The number sent on the wire. */
    public short code() {
        return code;
    }

    /** Whether repeating the same request later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** One sentence a person can read, for logs and documentation. */
    public String description() {
        return description;
    }

    /** The error with this wire code, or {@link #UNKNOWN_SERVER_ERROR} for a code this build does not know. */
    public static ErrorCode forCode(short code) {
        ErrorCode error = BY_CODE.get(code);
        return error == null ? UNKNOWN_SERVER_ERROR : error;
    }

    /** An exception of the type that stands for this error, carrying {@code message}. */
    public BrookException exception(String message) {
        switch (this) {
            case OFFSET_OUT_OF_RANGE:
                return new OffsetOutOfRangeException(message);
            case CORRUPT_MESSAGE:
                return new CorruptRecordException(message);
            case UNKNOWN_TOPIC_OR_PARTITION:
                return new UnknownTopicOrPartitionException(message);
            case MESSAGE_TOO_LARGE:
                return new RecordTooLargeException(message);
            case INVALID_TOPIC_EXCEPTION:
                return new InvalidTopicException(message);
            case TOPIC_ALREADY_EXISTS:
                return new TopicExistsException(message);
            case INVALID_PARTITIONS:
                return new InvalidPartitionsException(message);
            case INVALID_REPLICATION_FACTOR:
                return new InvalidReplicationFactorException(message);
            case INVALID_CONFIG:
                return new InvalidConfigurationException(message);
            case INVALID_RECORD:
                return new InvalidRecordException(message);
            case INVALID_REQUEST:
                return new InvalidRequestException(message);
            case REQUEST_TIMED_OUT:
                return new TimeoutException(message);
            case NETWORK_EXCEPTION:
                return new NetworkException(message);
            case KAFKA_STORAGE_ERROR:
                return new StorageException(message, null);
            case ILLEGAL_GENERATION:
                return new IllegalGenerationException(message);
            case INVALID_GROUP_ID:
                return new InvalidGroupIdException(message);
            case UNKNOWN_MEMBER_ID:
                return new UnknownMemberIdException(message);
            case NON_EMPTY_GROUP:
                return new NonEmptyGroupException(message);
            case GROUP_ID_NOT_FOUND:
                return new GroupIdNotFoundException(message);
            case FENCED_MEMBER_EPOCH:
                return new FencedMemberEpochException(message);
            case OUT_OF_ORDER_SEQUENCE_NUMBER:
                return new OutOfOrderSequenceException(message);
            case DUPLICATE_SEQUENCE_NUMBER:
                return new DuplicateSequenceException(message);
            case INVALID_PRODUCER_EPOCH:
                return new InvalidProducerEpochException(message);
            case UNKNOWN_PRODUCER_ID:
                return new UnknownProducerIdException(message);
            case PRODUCER_FENCED:
                return new ProducerFencedException(message);
            case INCONSISTENT_GROUP_PROTOCOL:
                return new InconsistentGroupProtocolException(message);
            case TOPIC_AUTHORIZATION_FAILED:
                return new TopicAuthorizationException(message);
            case GROUP_AUTHORIZATION_FAILED:
                return new GroupAuthorizationException(message);
            case CLUSTER_AUTHORIZATION_FAILED:
                return new ClusterAuthorizationException(message);
            case SASL_AUTHENTICATION_FAILED:
            case UNSUPPORTED_SASL_MECHANISM:
            case ILLEGAL_SASL_STATE:
                return new AuthenticationException(this, message);
            default:
                return new BrookException(this, message);
        }
    }
}
