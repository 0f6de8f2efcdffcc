package dev.brook.core.internal.util;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Releases a memory mapping now rather than when the garbage collector gets to it, so that index
 * files can be truncated, deleted and re-mapped without piling up mappings. The caller must make
 * sure no thread touches the buffer afterwards: access to an unmapped buffer crashes the JVM.
 *
 * <p>Thread-safe.
 */
public final class MappedBuffers {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = unsafeClass.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without jdk.unsupported the mapping is released by the garbage collector instead.
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private MappedBuffers() {
    }

    /** Unmaps {@code buffer}; a no-op where the JDK offers no way to. */
    public static void unmap(MappedByteBuffer buffer) {
        if (buffer == null || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not unmap an index buffer", e);
        }
    }
}
