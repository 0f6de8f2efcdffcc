package dev.brook.server.kafka;

import dev.brook.server.network.ErrorSink;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Message;

/**
 * The errors a Kafka response carries, for request metrics: the top-level {@code errorCode} of the
 * response types that have one when it is set, else every nested {@code errorCode} (a topic's in
 * CreateTopics, DeleteTopics or Metadata, a partition's in Produce, Fetch, OffsetCommit or
 * ListOffsets, a group's in DeleteGroups or DescribeGroups, ...).
 *
 * <p>kafka-clients generates every message class with an {@code errorCode()} accessor where the
 * protocol has one, and nested structures as lists of other generated messages. So rather than a
 * hand-written walk per API, which would miss the APIs added later, each message class gets a
 * {@link Plan} once, by reflection: its error code accessor, and the accessors of the nested
 * messages that (transitively) hold an error code. Walking a response then costs a method handle
 * call per structure visited and no allocation beyond the iterators of Kafka's linked
 * collections; lists of integers, records and tagged fields are never visited.
 *
 * <p>Thread-safe and stateless; plans are cached per class.
 */
final class KafkaResponseErrors {
    private static final MethodType ERROR_CODE = MethodType.methodType(short.class, Object.class);
    private static final MethodType CHILD = MethodType.methodType(Object.class, Object.class);
    private static final Plan NOTHING = new Plan(null, new MethodHandle[0]);

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return plan(type);
        }
    };

    private KafkaResponseErrors() {
    }

    /** Tells {@code sink} the errors of {@code response}, by {@link Errors} name. */
    static void report(ApiMessage response, ErrorSink sink) {
        Plan plan = PLANS.get(response.getClass());
        if (plan.errorCode != null) {
            short code = plan.errorCode(response);
            if (code != 0) {
                sink.error(Errors.forCode(code).name());
                return;
            }
        }
        plan.walkChildren(response, sink);
    }

    /**
     * How to find the errors of one message class: its error code accessor (null when it has
     * none) and the accessors of its nested messages or lists of them that hold errors.
     */
    private record Plan(MethodHandle errorCode, MethodHandle[] children) {
        boolean isEmpty() {
            return errorCode == null && children.length == 0;
        }

        short errorCode(Object message) {
            try {
                return (short) errorCode.invokeExact(message);
            } catch (Throwable e) {
                throw new IllegalStateException("could not read the error code of " + message.getClass().getName(), e);
            }
        }

        void walk(Object message, ErrorSink sink) {
            if (errorCode != null) {
                short code = errorCode(message);
                if (code != 0) {
                    sink.error(Errors.forCode(code).name());
                }
            }
            walkChildren(message, sink);
        }

        void walkChildren(Object message, ErrorSink sink) {
            for (MethodHandle child : children) {
                Object value;
                try {
                    value = child.invokeExact(message);
                } catch (Throwable e) {
                    throw new IllegalStateException("could not read a field of " + message.getClass().getName(), e);
                }
                if (value instanceof List<?> list && value instanceof RandomAccess) {
                    for (int i = 0; i < list.size(); i++) {
                        visit(list.get(i), sink);
                    }
                } else if (value instanceof Collection<?> collection) {
                    for (Object element : collection) {
                        visit(element, sink);
                    }
                } else if (value != null) {
                    visit(value, sink);
                }
            }
        }

        private static void visit(Object element, ErrorSink sink) {
            if (element != null) {
                PLANS.get(element.getClass()).walk(element, sink);
            }
        }
    }

    private static Plan plan(Class<?> type) {
        MethodHandle errorCode = null;
        List<MethodHandle> children = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            for (Method method : type.getMethods()) {
                if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || method.isBridge()
                        || method.getName().equals("duplicate")) {
                    continue;
                }
                if (method.getName().equals("errorCode") && method.getReturnType() == short.class) {
                    errorCode = lookup.unreflect(method).asType(ERROR_CODE);
                    continue;
                }
                Class<?> nested = nestedMessage(method);
                if (nested != null && nested != type && !PLANS.get(nested).isEmpty()) {
                    children.add(lookup.unreflect(method).asType(CHILD));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the fields of Kafka message " + type.getName(), e);
        }
        return errorCode == null && children.isEmpty() ? NOTHING
                : new Plan(errorCode, children.toArray(new MethodHandle[0]));
    }

    /**
     * The generated message class an accessor returns, alone or as the elements of a list or of
     * one of Kafka's generated collections; null for anything else.
     */
    private static Class<?> nestedMessage(Method method) {
        Class<?> returned = method.getReturnType();
        if (Message.class.isAssignableFrom(returned)) {
            return returned;
        }
        if (!Collection.class.isAssignableFrom(returned)) {
            return null;
        }
        Type generic = method.getGenericReturnType();
        if (!(generic instanceof ParameterizedType)) {
            // A generated collection class, such as CreatableTopicResultCollection: its element
            // type is the argument of the generic class it extends.
            generic = returned.getGenericSuperclass();
        }
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length == 1
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element
                && Message.class.isAssignableFrom(element)) {
            return element;
        }
        return null;
    }
}
