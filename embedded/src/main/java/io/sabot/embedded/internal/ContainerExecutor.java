package io.sabot.embedded.internal;

import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.StreamingSqlExecutor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** The program's {@link StreamingSqlExecutor} over an executor of the container (same contract, same threading). */
public final class ContainerExecutor implements StreamingSqlExecutor {

    static final String API = "io.sabot.runtime.StreamingSqlExecutor";
    private static final Class<?>[] STRING = {String.class};
    private static final Class<?>[] JOB_AND_PATH = {String.class, Path.class};

    private final Remote remote;
    private final ExecutorOptions options;
    private final Runnable onClose;

    public ContainerExecutor(Object target, ExecutorOptions options, Runnable onClose) {
        this.remote = new Remote(target, API);
        this.options = options;
        this.onClose = onClose;
    }

    @Override
    public String executeDdl(String statements) {
        return (String) remote.call("executeDdl", STRING, statements);
    }

    @Override
    public QueryResult executeStreamingSql(String statement) {
        return new ContainerQueryResult(remote.call("executeStreamingSql", STRING, statement));
    }

    @Override
    public String explain(String query) {
        return (String) remote.call("explain", STRING, query);
    }

    @Override
    public void executeScript(String script, Map<String, String> variables, ScriptListener listener) {
        Objects.requireNonNull(listener, "listener");
        Class<?> listenerType = remote.containerClass(API + "$ScriptListener");
        Object containerListener = Proxy.newProxyInstance(
                listenerType.getClassLoader(), new Class<?>[] {listenerType}, new ListenerBridge(listener));
        remote.call(
                "executeScript",
                new Class<?>[] {String.class, Map.class, listenerType},
                script,
                variables,
                containerListener);
    }

    /** The container's {@code SavepointInfo} record, copied into the program's. */
    @Override
    public SavepointInfo savepoint(String jobId, Path targetDirectory) {
        return RecordCopy.copy(remote.call("savepoint", JOB_AND_PATH, jobId, targetDirectory), SavepointInfo.class);
    }

    @Override
    public SavepointInfo stopWithSavepoint(String jobId, Path targetDirectory) {
        return RecordCopy.copy(
                remote.call("stopWithSavepoint", JOB_AND_PATH, jobId, targetDirectory), SavepointInfo.class);
    }

    @Override
    public void disposeSavepoint(Path savepoint) {
        remote.call("disposeSavepoint", new Class<?>[] {Path.class}, savepoint);
    }

    @Override
    public ExecutorOptions options() {
        return options;
    }

    @Override
    public void close() {
        try {
            remote.call("close");
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "ContainerExecutor[" + remote.target() + "]";
    }

    /** The container's {@code ScriptListener} calling the program's. */
    private record ListenerBridge(ScriptListener listener) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "onMessage":
                    listener.onMessage((String) args[0]);
                    return null;
                case "onQuery":
                    listener.onQuery((String) args[0], new ContainerQueryResult(args[1]));
                    return null;
                case "toString":
                    return "ScriptListener[" + listener + "]";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }
    }
}
