package io.sabot.testing.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child JVM's main class: runs {@code kafka.Kafka} and halts as soon as its standard input reaches end of file.
 * The parent holds the write end of that pipe and never writes to it, so the operating system closes it when the
 * parent exits for whatever reason (a finished test run, {@code kill -9}, a crashed JVM): no broker outlives the
 * JVM that started it. Depends on nothing but the JDK, so only its own location joins the broker's class path.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(BrokerMain::haltWhenParentGoes, "sabot-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void haltWhenParentGoes() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
        // halt, not exit: no shutdown hooks, no controlled shutdown that could wait for a quorum
        Runtime.getRuntime().halt(0);
    }
}
