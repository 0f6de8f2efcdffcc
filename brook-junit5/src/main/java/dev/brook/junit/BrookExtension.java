package dev.brook.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * The extension behind {@link BrookTest}: starts a {@link BrookBroker} before all tests of a class
 * or before each test, keeps it in JUnit's store (which closes it when its scope ends), injects it
 * into {@code BrookBroker} parameters and fields.
 *
 * <p>Stateless; thread-safe, so test classes may run in parallel, each with its own broker.
 */
public final class BrookExtension implements BeforeAllCallback, BeforeEachCallback, TestInstancePostProcessor,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrookExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        BrookTest settings = settings(context);
        if (settings.lifecycle() == BrookTest.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> BrookBroker.start(settings.config()),
                    BrookBroker.class);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        BrookTest settings = settings(context);
        if (settings.lifecycle() == BrookTest.Lifecycle.PER_TEST) {
            BrookBroker broker = context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY,
                    key -> BrookBroker.start(settings.config()), BrookBroker.class);
            context.getTestInstance().ifPresent(instance -> injectFields(instance, broker, false));
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        if (settings(context).lifecycle() == BrookTest.Lifecycle.PER_CLASS) {
            injectFields(testInstance, broker(context), false);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrookBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        BrookTest settings = settings(context);
        if (settings.lifecycle() == BrookTest.Lifecycle.PER_TEST && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("with @BrookTest(lifecycle = PER_TEST) each test has its own "
                    + "broker: take BrookBroker in the test method or @BeforeEach, not in " + parameter.getDeclaringExecutable());
        }
        if (settings.lifecycle() == BrookTest.Lifecycle.PER_TEST) {
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> BrookBroker.start(settings.config()),
                    BrookBroker.class);
        }
        return broker(context);
    }

    /** The class-wide broker, from the store of the class context (an ancestor of any test context). */
    private static BrookBroker broker(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        BrookTest settings = settings(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> BrookBroker.start(settings.config()),
                BrookBroker.class);
    }

    private static BrookTest settings(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            BrookTest found = findAnnotation(type.get());
            if (found != null) {
                return found;
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        throw new ExtensionConfigurationException("BrookExtension is registered without @BrookTest on "
                + context.getTestClass().map(Class::getName).orElse("the test") + "; annotate the class with @BrookTest");
    }

    private static BrookTest findAnnotation(Class<?> type) {
        return type.getAnnotation(BrookTest.class);
    }

    private static void injectFields(Object instance, BrookBroker broker, boolean staticOnly) {
        for (Class<?> type = instance.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == BrookBroker.class && (!staticOnly || Modifier.isStatic(field.getModifiers()))
                        && !Modifier.isFinal(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        field.set(Modifier.isStatic(field.getModifiers()) ? null : instance, broker);
                    } catch (IllegalAccessException e) {
                        throw new ExtensionConfigurationException("could not set " + field + " to the test broker", e);
                    }
                }
            }
        }
    }
}
