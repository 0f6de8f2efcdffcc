package dev.brook.server.handler;

import dev.brook.core.Broker;
import dev.brook.core.NewTopic;
import dev.brook.core.TopicConfig;
import dev.brook.core.TopicDescription;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidConfigurationException;
import dev.brook.protocol.wire.AlterConfigsRequest;
import dev.brook.protocol.wire.CreatePartitionsRequest;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.DeleteTopicsRequest;
import dev.brook.protocol.wire.DescribeConfigsRequest;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.TopicError;
import dev.brook.protocol.wire.TopicErrorsResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Serves topic administration: CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs and
 * AlterConfigs, each with an outcome per topic. Stateless apart from the broker; thread-safe.
 */
final class TopicAdminHandler {
    private final Broker broker;

    TopicAdminHandler(Broker broker) {
        this.broker = broker;
    }

    CreateTopicsResponse createTopics(CreateTopicsRequest request) {
        List<CreateTopicsResponse.TopicResult> results = new ArrayList<>();
        for (CreateTopicsRequest.TopicSpec spec : request.topics()) {
            try {
                Map<String, String> configs = new LinkedHashMap<>();
                for (CreateTopicsRequest.Config config : spec.configs()) {
                    if (config.value() != null) {
                        configs.put(config.key(), config.value());
                    }
                }
                NewTopic newTopic = NewTopic.of(spec.name(), spec.partitions())
                        .withReplicationFactor(spec.replicationFactor())
                        .withConfigs(configs);
                if (request.validateOnly()) {
                    broker.validateNewTopic(newTopic);
                    results.add(new CreateTopicsResponse.TopicResult(spec.name(), ErrorCode.NONE, null,
                            MetadataResponse.NO_TOPIC_ID));
                } else {
                    TopicDescription created = broker.createTopic(newTopic);
                    results.add(new CreateTopicsResponse.TopicResult(spec.name(), ErrorCode.NONE, null,
                            created.topicId()));
                }
            } catch (RuntimeException e) {
                results.add(new CreateTopicsResponse.TopicResult(spec.name(), Errors.code(e),
                        Errors.message(e, "create topic " + spec.name()), MetadataResponse.NO_TOPIC_ID));
            }
        }
        return new CreateTopicsResponse(results);
    }

    TopicErrorsResponse deleteTopics(DeleteTopicsRequest request) {
        return perTopic(request.topics(), broker::deleteTopic, "delete topic ");
    }

    TopicErrorsResponse createPartitions(CreatePartitionsRequest request) {
        List<TopicError> results = new ArrayList<>();
        for (CreatePartitionsRequest.TopicCount topic : request.topics()) {
            results.add(attempt(topic.name(), "create partitions of ",
                    () -> broker.createPartitions(topic.name(), topic.totalCount())));
        }
        return new TopicErrorsResponse(results);
    }

    DescribeConfigsResponse describeConfigs(DescribeConfigsRequest request) {
        List<DescribeConfigsResponse.TopicConfigs> results = new ArrayList<>();
        for (DescribeConfigsRequest.TopicKeys topic : request.topics()) {
            try {
                TopicConfig config = broker.describeTopic(topic.name()).config();
                List<DescribeConfigsResponse.ConfigEntry> entries = new ArrayList<>();
                Set<String> wanted = topic.keys() == null ? null : new HashSet<>(topic.keys());
                if (wanted != null) {
                    for (String key : wanted) {
                        TopicConfig.keyFor(key);
                    }
                }
                for (Map.Entry<String, String> entry : config.values().entrySet()) {
                    if (wanted == null || wanted.contains(entry.getKey())) {
                        entries.add(new DescribeConfigsResponse.ConfigEntry(entry.getKey(), entry.getValue(),
                                !config.overrides().containsKey(entry.getKey())));
                    }
                }
                results.add(new DescribeConfigsResponse.TopicConfigs(topic.name(), ErrorCode.NONE, null, entries));
            } catch (RuntimeException e) {
                results.add(new DescribeConfigsResponse.TopicConfigs(topic.name(), Errors.code(e),
                        Errors.message(e, "describe configs of " + topic.name()), List.of()));
            }
        }
        return new DescribeConfigsResponse(results);
    }

    TopicErrorsResponse alterConfigs(AlterConfigsRequest request) {
        List<TopicError> results = new ArrayList<>();
        for (AlterConfigsRequest.TopicChanges topic : request.topics()) {
            results.add(attempt(topic.name(), "alter configs of ", () -> {
                Map<String, String> set = new LinkedHashMap<>();
                List<String> remove = new ArrayList<>();
                for (AlterConfigsRequest.Change change : topic.changes()) {
                    if (change.operation() == AlterConfigsRequest.SET) {
                        set.put(change.key(), change.value());
                    } else if (change.operation() == AlterConfigsRequest.DELETE) {
                        remove.add(change.key());
                    } else {
                        throw new InvalidConfigurationException("config operation " + change.operation()
                                + " for key '" + change.key() + "' is neither 0 (set) nor 1 (delete)");
                    }
                }
                broker.updateTopicConfig(topic.name(), set, remove);
            }));
        }
        return new TopicErrorsResponse(results);
    }

    private TopicErrorsResponse perTopic(List<String> names, Consumer<String> action, String what) {
        List<TopicError> results = new ArrayList<>();
        for (String name : names) {
            results.add(attempt(name, what, () -> action.accept(name)));
        }
        return new TopicErrorsResponse(results);
    }

    private static TopicError attempt(String name, String what, Runnable action) {
        try {
            action.run();
            return TopicError.ok(name);
        } catch (RuntimeException e) {
            return new TopicError(name, Errors.code(e), Errors.message(e, what + name));
        }
    }
}
