package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The errors found in kafka-clients' generated response classes, nested or not. */
class KafkaResponseErrorsTest {
    private static List<String> errors(org.apache.kafka.common.protocol.ApiMessage response) {
        List<String> found = new ArrayList<>();
        KafkaResponseErrors.report(response, found::add);
        return found;
    }

    @Test
    void metadataCountsEachTopicsAndEachPartitionsError() {
        MetadataResponseData metadata = new MetadataResponseData();
        metadata.topics().add(new MetadataResponseData.MetadataResponseTopic().setName("missing")
                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        metadata.topics().add(new MetadataResponseData.MetadataResponseTopic().setName("fine")
                .setPartitions(List.of(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(0),
                        new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(1)
                                .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()))));

        assertThat(errors(metadata)).containsExactlyInAnyOrder("UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE");
    }

    @Test
    void offsetCommitCountsEachPartition() {
        OffsetCommitResponseData commit = new OffsetCommitResponseData().setTopics(List.of(
                new OffsetCommitResponseData.OffsetCommitResponseTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(0)
                                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()),
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(1)
                                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()),
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(2)))));

        assertThat(errors(commit)).containsExactly("UNKNOWN_TOPIC_OR_PARTITION", "UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void aTopLevelErrorIsCountedAloneAsThePartitionsRepeatIt() {
        FetchResponseData fetch = new FetchResponseData().setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        fetch.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                new FetchResponseData.PartitionData().setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()))));

        assertThat(errors(fetch)).containsExactly("FETCH_SESSION_ID_NOT_FOUND");
    }

    @Test
    void aResponseWithoutErrorsReportsNothing() {
        FetchResponseData fetch = new FetchResponseData();
        fetch.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                new FetchResponseData.PartitionData(), new FetchResponseData.PartitionData())));

        assertThat(errors(fetch)).isEmpty();
        assertThat(errors(new ApiVersionsResponseData())).isEmpty();
        assertThat(errors(new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code())))
                .containsExactly("UNSUPPORTED_VERSION");
    }
}
