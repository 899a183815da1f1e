package io.sabot.runtime.internal;

import io.sabot.runtime.internal.exec.ManagedJob;
import io.sabot.runtime.internal.exec.ProgressLine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Gogo shell: {@code sabot:managed} lists the jobs declared as configuration, {@code sabot:managed <name>} one's events. */
@Component(
        service = ManagedJobCommands.class,
        property = {"osgi.command.scope=sabot", "osgi.command.function=managed"})
public final class ManagedJobCommands {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<ManagedJob> jobs = new CopyOnWriteArrayList<>();

    public String managed() {
        if (jobs.isEmpty()) {
            return "No jobs declared as configuration (factory PID " + ManagedJob.PID + ").\n";
        }
        TextTable table = new TextTable("NAME", "PHASE", "RESTARTS", "JOB", "ROWS IN", "CHECKPOINT", "LAST EVENT");
        for (ManagedJob job : jobs) {
            List<String> events = job.events();
            String last = events.isEmpty() ? "" : events.get(events.size() - 1);
            var running = job.jobs();
            if (running.isEmpty()) {
                table.row(job.name(), job.phase(), job.restarts(), "-", "-", "-", last);
            }
            // one line per INSERT of the script: each is a job of its own
            for (int i = 0; i < running.size(); i++) {
                var info = running.get(i);
                table.row(
                        i == 0 ? job.name() : "",
                        i == 0 ? job.phase() : "",
                        i == 0 ? job.restarts() : "",
                        info.id(),
                        info.rowsIn(),
                        ProgressLine.checkpoint(info),
                        i == 0 ? last : "");
            }
        }
        return table.toString();
    }

    public String managed(String name) {
        for (ManagedJob job : jobs) {
            if (job.name().equals(name)) {
                return String.join("\n", job.events()) + "\n";
            }
        }
        return "No job declared as configuration named " + name + ".\n";
    }
}
