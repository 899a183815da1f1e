package io.sabot.embedded.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls a container object through the container's copy of a public interface. The program and the container each
 * have their own {@code io.sabot.runtime} classes, so the program's interface cannot be cast to; arguments and
 * results are JDK or shared (Arrow) types and cross unchanged.
 */
final class Remote {

    private final Object target;
    private final Class<?> api;

    /** @param apiName the interface {@code target} implements, looked up in the container's class space */
    Remote(Object target, String apiName) {
        this.target = target;
        this.api = find(target.getClass(), apiName);
        if (api == null) {
            throw new IllegalStateException(target.getClass().getName() + " does not implement " + apiName);
        }
    }

    Object target() {
        return target;
    }

    /** The container's class named {@code name}, as the container's interface sees it. */
    Class<?> containerClass(String name) {
        try {
            return Class.forName(name, false, api.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the container's Sabot runtime has no " + name, e);
        }
    }

    /** Invokes {@code name(args)}, rethrowing what the container threw as it is. */
    Object call(String name, Class<?>[] parameterTypes, Object... args) {
        try {
            return callChecked(name, parameterTypes, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    Object call(String name) {
        return call(name, new Class<?>[0]);
    }

    /** As {@link #call} but passing the container's checked exceptions on (InterruptedException, …). */
    Object callChecked(String name, Class<?>[] parameterTypes, Object... args) throws Exception {
        Method method;
        try {
            method = api.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("the container's Sabot runtime (" + api.getName() + ") has no "
                    + name + ": the program's sabot-runtime is newer than the distribution's");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + api.getName() + "." + name + ": " + e.getMessage(), e);
        }
    }

    private static Class<?> find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
            for (Class<?> i : c.getInterfaces()) {
                Class<?> found = find(i, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
