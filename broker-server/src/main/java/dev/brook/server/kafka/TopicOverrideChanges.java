package dev.brook.server.kafka;

import dev.brook.core.TopicConfig;
import dev.brook.protocol.errors.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AlterConfigOp;

/**
 * A topic's override set being changed by IncrementalAlterConfigs operations, with Kafka's
 * semantics: SET replaces the override (a null value removes it, as Kafka's controller does),
 * DELETE removes it so the broker default applies again, and APPEND and SUBTRACT, allowed only on
 * list settings ({@code cleanup.policy}), add the items not yet present or remove the ones given
 * from the value in force: the override, else the broker default.
 *
 * <p>Checks only the keys; values are checked when the result is laid over the broker defaults.
 * Not thread-safe: one per request resource.
 */
final class TopicOverrideChanges {
    private final Map<String, String> overrides;
    private final TopicConfig brokerDefaults;

    /**
     * @param current the topic's overrides before the change
     * @param brokerDefaults what a setting without an override takes
     */
    TopicOverrideChanges(Map<String, String> current, TopicConfig brokerDefaults) {
        this.overrides = new TreeMap<>(current);
        this.brokerDefaults = brokerDefaults;
    }

    /**
     * Applies one operation.
     *
     * @throws InvalidConfigurationException for an unknown key, or APPEND or SUBTRACT on a setting
     *     that is not a list
     * @throws dev.brook.protocol.errors.InvalidRequestException for an unknown operation
     */
    void apply(String name, AlterConfigOp.OpType op, String value) {
        TopicConfig.Key key = TopicConfig.keyFor(name);
        switch (op) {
            case SET:
                if (value == null) {
                    overrides.remove(name);
                } else {
                    overrides.put(name, value);
                }
                break;
            case DELETE:
                overrides.remove(name);
                break;
            case APPEND:
            case SUBTRACT:
                if (key.kind() != TopicConfig.Kind.CLEANUP_POLICY) {
                    // Kafka's own message, so that scripts matching it keep working.
                    throw new InvalidConfigurationException("Can't " + op + " to key " + name
                            + " because its type is not LIST.");
                }
                overrides.put(name, String.join(",", changedList(name, op, value)));
                break;
            default:
                throw new IllegalStateException("unhandled operation " + op);
        }
    }

    private List<String> changedList(String name, AlterConfigOp.OpType op, String value) {
        String inForce = overrides.getOrDefault(name, brokerDefaults.values().get(name));
        List<String> items = split(inForce);
        for (String item : split(value)) {
            if (op == AlterConfigOp.OpType.SUBTRACT) {
                items.remove(item);
            } else if (!items.contains(item)) {
                items.add(item);
            }
        }
        return items;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::trim).filter(item -> !item.isEmpty()).forEach(items::add);
        }
        return items;
    }

    /** The overrides after every operation applied so far. */
    Map<String, String> overrides() {
        return overrides;
    }
}
