package dev.brook.benchmarks.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One load the driver runs, as the orchestrator passes it on the driver's command line:
 * {@code kind;key=value;key=value}, e.g. {@code produce;id=produce.100.1.p1;topic=t;size=100;acks=1;partitions=1;records=500000}.
 * Immutable.
 */
record Load(String kind, Map<String, String> params) {
    Load {
        params = Map.copyOf(params);
    }

    static Load of(String kind, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs for load " + kind);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i].toString(), keysAndValues[i + 1].toString());
        }
        return new Load(kind, params);
    }

    static Load parse(String text) {
        String[] parts = text.split(";");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("load parameter '" + parts[i] + "' is not key=value in '" + text + "'");
            }
            params.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new Load(parts[0], params);
    }

    String get(String key) {
        String value = params.get(key);
        if (value == null) {
            throw new IllegalArgumentException("load " + kind + " needs parameter '" + key + "'");
        }
        return value;
    }

    int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    long getLong(String key) {
        return Long.parseLong(get(key));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind);
        new java.util.TreeMap<>(params).forEach((k, v) -> out.append(';').append(k).append('=').append(v));
        return out.toString();
    }
}
