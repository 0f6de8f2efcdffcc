package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.TopicConfig;
import dev.brook.protocol.errors.InvalidRequestException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * DescribeConfigs, IncrementalAlterConfigs and the legacy AlterConfigs, answered per resource as
 * Apache Kafka 4.x answers them.
 *
 * <ul>
 *   <li>TOPIC resources are described from {@link KafkaConfigDescriber} and changed through
 *       {@link Broker#updateTopicConfig}; an unknown topic is UNKNOWN_TOPIC_OR_PARTITION, an
 *       unknown key or bad value INVALID_CONFIG with a message naming the key.
 *   <li>BROKER resources (this broker's id, or "" for the cluster-wide default) are described
 *       read-only; changing them is refused with Kafka's answer for a setting that cannot be
 *       changed while the broker runs, since Brook reads its settings once at start-up.
 *   <li>GROUP resources are described with the broker's group settings; Brook has no per-group
 *       settings to change.
 *   <li>Anything else is INVALID_REQUEST for that resource alone.
 * </ul>
 *
 * <p>Thread-safe. Changes made here are serialised, since APPEND, SUBTRACT and the legacy
 * replace-all read a topic's overrides before writing them back.
 */
final class KafkaConfigsHandler {
    private final Broker broker;
    private final KafkaIdentity identity;
    private final KafkaConfigDescriber describer;
    /** Held across one topic's read-modify-write so that two Kafka admin changes cannot lose one another. */
    private final Object alterLock = new Object();

    KafkaConfigsHandler(Broker broker, KafkaIdentity identity, KafkaConfigDescriber describer) {
        this.broker = broker;
        this.identity = identity;
        this.describer = describer;
    }

    DescribeConfigsResponse describeConfigs(DescribeConfigsRequest request, KafkaRequestContext context) {
        DescribeConfigsRequestData data = request.data();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : data.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            try {
                Set<String> wanted = resource.configurationKeys() == null ? null : new HashSet<>(resource.configurationKeys());
                for (KafkaConfigDescriber.Entry entry : describe(resource.resourceType(), resource.resourceName())) {
                    // As Kafka, a requested key the resource does not have is left out, not an error.
                    if (wanted == null || wanted.contains(entry.name())) {
                        result.configs().add(toResult(entry, data, context.apiVersion()));
                    }
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "describe configs of "
                        + label(resource.resourceType(), resource.resourceName()))).setConfigs(new ArrayList<>());
            }
            response.results().add(result);
        }
        return new DescribeConfigsResponse(response);
    }

    private List<KafkaConfigDescriber.Entry> describe(byte type, String name) {
        switch (ConfigResource.Type.forId(type)) {
            case TOPIC:
                return describer.topic(topicConfig(name));
            case BROKER:
                // Kafka's default resource ("") holds the settings changed for every broker at run
                // time, and Brook has none.
                return checkBrokerId(name) ? describer.broker() : List.of();
            case GROUP:
                if (name == null || name.isEmpty()) {
                    throw new InvalidRequestException("Group name must not be empty");
                }
                return describer.group();
            default:
                throw unsupported(type);
        }
    }

    private TopicConfig topicConfig(String name) {
        if (!broker.topicExists(name)) {
            throw unknownTopic(name);
        }
        return broker.describeTopic(name).config();
    }

    private static DescribeConfigsResponseData.DescribeConfigsResourceResult toResult(KafkaConfigDescriber.Entry entry,
            DescribeConfigsRequestData request, short version) {
        DescribeConfigsResponseData.DescribeConfigsResourceResult result =
                new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                        .setName(entry.name()).setValue(entry.value()).setReadOnly(entry.readOnly())
                        .setConfigSource(entry.source().id()).setIsSensitive(false);
        if (request.includeSynonyms()) {
            for (KafkaConfigDescriber.Synonym synonym : entry.synonyms()) {
                result.synonyms().add(new DescribeConfigsResponseData.DescribeConfigsSynonym()
                        .setName(synonym.name()).setValue(synonym.value()).setSource(synonym.source().id()));
            }
        }
        // Version 3 added the type and documentation (KIP-569); older versions cannot carry them.
        if (version >= 3) {
            result.setConfigType(entry.type().id());
            result.setDocumentation(request.includeDocumentation() ? entry.documentation() : null);
        }
        return result;
    }

    IncrementalAlterConfigsResponse incrementalAlterConfigs(IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsRequestData data = request.data();
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : data.resources()) {
            IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result =
                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                            .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            try {
                List<String> names = resource.configs().stream()
                        .map(IncrementalAlterConfigsRequestData.AlterableConfig::name).collect(Collectors.toList());
                if (isChangeableTopic(resource.resourceType(), resource.resourceName(), names)) {
                    alterTopic(resource.resourceName(), data.validateOnly(), current -> {
                        TopicOverrideChanges changes = new TopicOverrideChanges(current, broker.config().topicDefaults());
                        for (IncrementalAlterConfigsRequestData.AlterableConfig config : resource.configs()) {
                            changes.apply(config.name(), operation(config.configOperation()), config.value());
                        }
                        return changes.overrides();
                    });
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "alter configs of "
                        + label(resource.resourceType(), resource.resourceName())));
            }
            response.responses().add(result);
        }
        return new IncrementalAlterConfigsResponse(response);
    }

    /** Kafka's legacy AlterConfigs: the configs given become the topic's whole override set. */
    AlterConfigsResponse alterConfigs(AlterConfigsRequest request) {
        AlterConfigsRequestData data = request.data();
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        for (AlterConfigsRequestData.AlterConfigsResource resource : data.resources()) {
            AlterConfigsResponseData.AlterConfigsResourceResponse result = new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            try {
                List<String> names = resource.configs().stream()
                        .map(AlterConfigsRequestData.AlterableConfig::name).collect(Collectors.toList());
                if (isChangeableTopic(resource.resourceType(), resource.resourceName(), names)) {
                    alterTopic(resource.resourceName(), data.validateOnly(), current -> {
                        Map<String, String> replacement = new TreeMap<>();
                        for (AlterConfigsRequestData.AlterableConfig config : resource.configs()) {
                            TopicConfig.keyFor(config.name());
                            if (config.value() != null) {
                                replacement.put(config.name(), config.value());
                            }
                        }
                        return replacement;
                    });
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "alter configs of "
                        + label(resource.resourceType(), resource.resourceName())));
            }
            response.responses().add(result);
        }
        return new AlterConfigsResponse(response);
    }

    /**
     * Checks what both alter APIs check before touching a topic: that the resource is a topic (all
     * other types are refused here, each with Kafka's error) and that no key is named twice.
     *
     * @return whether there is a topic to change (false for an empty change of this broker)
     */
    private boolean isChangeableTopic(byte type, String name, List<String> keys) {
        switch (ConfigResource.Type.forId(type)) {
            case TOPIC:
                break;
            case BROKER:
                checkBrokerId(name);
                if (keys.isEmpty()) {
                    return false;
                }
                // Kafka's answer for settings that are not dynamic; Brook reads all of its own
                // from the properties file at start-up.
                throw new InvalidRequestException("Cannot update these configs dynamically: " + keys);
            case GROUP:
                throw new InvalidRequestException("Brook has no per-group configs to change: every consumer group "
                        + "uses the broker's group.consumer.* settings; cannot change " + keys + " of group '" + name + "'");
            default:
                throw unsupported(type);
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new InvalidRequestException("Error due to duplicate config keys: " + keys);
        }
        return true;
    }

    /**
     * Works out a topic's new override set from its current one, checks it against the broker
     * defaults, and stores it unless {@code validateOnly}.
     */
    private void alterTopic(String name, boolean validateOnly, Function<Map<String, String>, Map<String, String>> change) {
        synchronized (alterLock) {
            Map<String, String> current = topicConfig(name).overrides();
            Map<String, String> updated = change.apply(current);
            // Checks every value, naming the key of a bad one, before anything is stored.
            broker.config().topicDefaults().with(updated);
            if (validateOnly) {
                return;
            }
            // Only what differs is sent, so that a concurrent change of another key through
            // Brook's own protocol is kept.
            Map<String, String> set = new TreeMap<>();
            updated.forEach((key, value) -> {
                if (!Objects.equals(current.get(key), value)) {
                    set.put(key, value);
                }
            });
            List<String> remove = current.keySet().stream().filter(key -> !updated.containsKey(key)).toList();
            if (!set.isEmpty() || !remove.isEmpty()) {
                broker.updateTopicConfig(name, set, remove);
            }
        }
    }

    /**
     * Whether {@code name} names this broker (true) or the cluster-wide default (false).
     *
     * @throws InvalidRequestException for any other name, as Kafka refuses it
     */
    private boolean checkBrokerId(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int id;
        try {
            id = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + name);
        }
        if (id != identity.brokerId()) {
            throw new InvalidRequestException("Unexpected broker id, expected " + identity.brokerId()
                    + " or empty string, but received " + name);
        }
        return true;
    }

    private static AlterConfigOp.OpType operation(byte id) {
        AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(id);
        if (op == null) {
            throw new InvalidRequestException("Unknown operation type " + id);
        }
        return op;
    }

    private static UnknownTopicOrPartitionException unknownTopic(String name) {
        return new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist.");
    }

    private static InvalidRequestException unsupported(byte type) {
        ConfigResource.Type known = ConfigResource.Type.forId(type);
        return new InvalidRequestException("Unsupported resource type: "
                + (known == ConfigResource.Type.UNKNOWN ? String.valueOf(type) : known.name()));
    }

    private static String label(byte type, String name) {
        ConfigResource.Type known = ConfigResource.Type.forId(type);
        return (known == ConfigResource.Type.UNKNOWN ? "resource type " + type : known.name().toLowerCase()) + " '"
                + name + "'";
    }
}
