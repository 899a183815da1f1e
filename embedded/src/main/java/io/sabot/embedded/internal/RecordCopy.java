package io.sabot.embedded.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Optional;

/**
 * Copies a record of the container's {@code io.sabot.runtime} into the program's class of the same name, component
 * by component: nested records, enums (by name) and {@link Optional}s are copied recursively; JDK values pass as
 * they are, since the JDK is shared across the boundary.
 */
final class RecordCopy {

    private RecordCopy() {}

    static <T extends Record> T copy(Object source, Class<T> target) {
        try {
            RecordComponent[] components = target.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                Object value = source.getClass().getMethod(c.getName()).invoke(source);
                values[i] = convert(value, c.getType(), c.getGenericType());
            }
            Constructor<T> constructor = target.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot copy the container's " + source.getClass().getName() + " (versions differ?): " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object value, Class<?> type, java.lang.reflect.Type generic) {
        if (value == null) {
            return null;
        }
        if (value instanceof Optional<?> optional) {
            Class<?> element = Object.class;
            if (generic instanceof java.lang.reflect.ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                element = c;
            }
            Class<?> e = element;
            return optional.map(v -> convert(v, e, e));
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, ((Enum<?>) value).name());
        }
        if (type.isRecord() && value instanceof Record) {
            return copy(value, (Class<? extends Record>) type);
        }
        return value;
    }
}
