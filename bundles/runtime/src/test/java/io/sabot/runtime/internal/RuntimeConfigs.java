package io.sabot.runtime.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@code io.sabot.runtime} configurations for tests, as DS would deliver them: given values, else the declared defaults. */
public final class RuntimeConfigs {

    private RuntimeConfigs() {}

    /** @param values by attribute method name ({@code default_parallelism}, {@code job_max_memory_bytes}, …) */
    public static RuntimeSettingsImpl.Config config(Map<String, ?> values) {
        for (String name : values.keySet()) {
            try {
                RuntimeSettingsImpl.Config.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("no attribute " + name, e);
            }
        }
        return (RuntimeSettingsImpl.Config) Proxy.newProxyInstance(
                RuntimeSettingsImpl.Config.class.getClassLoader(),
                new Class<?>[] {RuntimeSettingsImpl.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> RuntimeSettingsImpl.Config.class;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Config" + values;
                    default -> values.containsKey(method.getName())
                            ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
