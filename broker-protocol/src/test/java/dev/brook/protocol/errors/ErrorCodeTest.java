package dev.brook.protocol.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorCodeTest {
    /** The errors that have an exception type of their own; the rest get a plain BrookException. */
    private static final Map<ErrorCode, Class<? extends BrookException>> TYPED = new EnumMap<>(Map.ofEntries(
            Map.entry(ErrorCode.OFFSET_OUT_OF_RANGE, OffsetOutOfRangeException.class),
            Map.entry(ErrorCode.CORRUPT_MESSAGE, CorruptRecordException.class),
            Map.entry(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, UnknownTopicOrPartitionException.class),
            Map.entry(ErrorCode.MESSAGE_TOO_LARGE, RecordTooLargeException.class),
            Map.entry(ErrorCode.INVALID_TOPIC_EXCEPTION, InvalidTopicException.class),
            Map.entry(ErrorCode.TOPIC_ALREADY_EXISTS, TopicExistsException.class),
            Map.entry(ErrorCode.INVALID_PARTITIONS, InvalidPartitionsException.class),
            Map.entry(ErrorCode.INVALID_REPLICATION_FACTOR, InvalidReplicationFactorException.class),
            Map.entry(ErrorCode.INVALID_CONFIG, InvalidConfigurationException.class),
            Map.entry(ErrorCode.INVALID_RECORD, InvalidRecordException.class),
            Map.entry(ErrorCode.INVALID_REQUEST, InvalidRequestException.class),
            Map.entry(ErrorCode.REQUEST_TIMED_OUT, TimeoutException.class),
            Map.entry(ErrorCode.NETWORK_EXCEPTION, NetworkException.class),
            Map.entry(ErrorCode.KAFKA_STORAGE_ERROR, StorageException.class),
            Map.entry(ErrorCode.ILLEGAL_GENERATION, IllegalGenerationException.class),
            Map.entry(ErrorCode.INVALID_GROUP_ID, InvalidGroupIdException.class),
            Map.entry(ErrorCode.UNKNOWN_MEMBER_ID, UnknownMemberIdException.class),
            Map.entry(ErrorCode.NON_EMPTY_GROUP, NonEmptyGroupException.class),
            Map.entry(ErrorCode.GROUP_ID_NOT_FOUND, GroupIdNotFoundException.class),
            Map.entry(ErrorCode.FENCED_MEMBER_EPOCH, FencedMemberEpochException.class),
            Map.entry(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, OutOfOrderSequenceException.class),
            Map.entry(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, DuplicateSequenceException.class),
            Map.entry(ErrorCode.INVALID_PRODUCER_EPOCH, InvalidProducerEpochException.class),
            Map.entry(ErrorCode.UNKNOWN_PRODUCER_ID, UnknownProducerIdException.class),
            Map.entry(ErrorCode.PRODUCER_FENCED, ProducerFencedException.class),
            Map.entry(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, InconsistentGroupProtocolException.class),
            Map.entry(ErrorCode.TOPIC_AUTHORIZATION_FAILED, TopicAuthorizationException.class),
            Map.entry(ErrorCode.GROUP_AUTHORIZATION_FAILED, GroupAuthorizationException.class),
            Map.entry(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ClusterAuthorizationException.class),
            Map.entry(ErrorCode.SASL_AUTHENTICATION_FAILED, AuthenticationException.class),
            Map.entry(ErrorCode.UNSUPPORTED_SASL_MECHANISM, AuthenticationException.class),
            Map.entry(ErrorCode.ILLEGAL_SASL_STATE, AuthenticationException.class)));

    @Test
    void codesAreUnique() {
        long distinct = Arrays.stream(ErrorCode.values()).mapToInt(ErrorCode::code).distinct().count();

        assertThat(distinct).isEqualTo(ErrorCode.values().length);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void forCodeRoundTrips(ErrorCode error) {
        assertThat(ErrorCode.forCode(error.code())).isSameAs(error);
    }

    @ParameterizedTest
    @ValueSource(shorts = {-2, 5, 6, 9, 84, 85, 88, 111, 113, 999, Short.MAX_VALUE, Short.MIN_VALUE})
    void unknownCodeMapsToUnknownServerError(short code) {
        assertThat(ErrorCode.forCode(code)).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void exceptionHasTheTypedSubclassAndTheSameCode(ErrorCode error) {
        BrookException exception = error.exception("partition orders-3, offset 42");

        assertThat(exception).isExactlyInstanceOf(TYPED.getOrDefault(error, BrookException.class));
        assertThat(exception.errorCode()).isSameAs(error);
        assertThat(exception.getMessage()).isEqualTo("partition orders-3, offset 42");
        assertThat(exception.retriable()).isEqualTo(error.retriable());
    }

    @Test
    void everyExceptionTypeIsReachableFromItsCode() {
        assertThat(TYPED).hasSize(32);
        TYPED.forEach((error, type) -> assertThat(error.exception("m")).isInstanceOf(type));
    }

    @Test
    void noneHasNoException() {
        assertThatThrownBy(() -> ErrorCode.NONE.exception("fine"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE");
        assertThatThrownBy(() -> new BrookException(null, "no code"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storageExceptionKeepsItsCause() {
        IOException cause = new IOException("disk full");

        StorageException exception = new StorageException("cannot append to 00000000000000000000.log", cause);

        assertThat(exception.getCause()).isSameAs(cause);
        assertThat(exception.errorCode()).isSameAs(ErrorCode.KAFKA_STORAGE_ERROR);
        assertThat(exception.retriable()).isTrue();
    }

    /** The class Javadoc promises Kafka's numbers and names, so the Kafka listener needs no table. */
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void codeAndNameMatchKafka(ErrorCode error) {
        Errors kafka = Errors.forCode(error.code());

        assertThat(kafka.name()).isEqualTo(error.name());
        assertThat(kafka.code()).isEqualTo(error.code());
    }

    /**
     * A client retries what Kafka's clients retry: Kafka marks a retriable error by giving it an
     * exception that extends {@link RetriableException}.
     */
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void retriableMatchesKafka(ErrorCode error) {
        boolean kafkaRetriable = Errors.forCode(error.code()).exception() instanceof RetriableException;

        assertThat(error.retriable()).as("retriable of %s", error).isEqualTo(kafkaRetriable);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorHasADescription(ErrorCode error) {
        assertThat(error.description()).isNotBlank().endsWith(".");
    }
}
