/**
 * Error-handler SPI: how a job decides what to do when something fails (a record that does not decode, a broker
 * that is down, a checkpoint that times out) and where rejected records go.
 *
 * <p>Failures are data, and so are decisions. The runtime describes every failure it can act on as a {@link
 * io.sabot.errors.spi.Failure} (what kind, how severe, which component, which record, the cause, the attempt) and asks
 * the job's chain of {@link io.sabot.errors.spi.ErrorHandler}s for a {@link io.sabot.errors.spi.Decision}; a handler
 * returns its decision, it does not throw it. That keeps handlers small, testable without a runtime, and swappable
 * while jobs run.
 *
 * <h2>Plug-ins</h2>
 * <table>
 *   <caption>The two plug-in kinds of this package</caption>
 *   <tr><th>interface</th><th>service property</th><th>examples</th></tr>
 *   <tr><td>{@link io.sabot.errors.spi.ErrorHandlerFactory}</td>
 *       <td>{@value io.sabot.errors.spi.ErrorHandlers#ERROR_HANDLER_PROPERTY}</td>
 *       <td>{@code fail}, {@code skip}, {@code retry}, {@code dead-letter}, {@code circuit-breaker}</td></tr>
 *   <tr><td>{@link io.sabot.errors.spi.DeadLetterSinkFactory}</td>
 *       <td>{@value io.sabot.errors.spi.ErrorHandlers#DEAD_LETTER_PROPERTY}</td>
 *       <td>{@code log}, {@code file}, {@code kafka}</td></tr>
 * </table>
 *
 * <p>Both extend {@link io.sabot.plugin.PluginFactory}: they declare typed options, which the runtime validates
 * centrally (every bad key at once) and the console shows like any plug-in's. A job configures an ordered chain of
 * handlers, e.g. {@code error.handlers = retry, dead-letter}, each with its options ({@code error.retry.max-attempts
 * = 5}, {@code error.dead-letter.target = orders-dlq}). Dead-letter <em>targets</em> are named configurations of a
 * dead-letter sink type ({@code orders-dlq} = {@code kafka} with {@code topic = orders.dlq}); a {@link
 * io.sabot.errors.spi.Decision#deadLetter DEAD_LETTER} decision names a target, not a sink type.
 *
 * <h2>The chain</h2>
 * {@link io.sabot.errors.spi.ErrorHandlers#decide} is the one definition of how a chain decides, and the runtime
 * uses it:
 *
 * <ol>
 *   <li>Handlers are asked in configured order. The first decision other than {@link
 *       io.sabot.errors.spi.Decision.Kind#PASS PASS} wins; later handlers are not asked.
 *   <li>A handler that throws, or returns null, decides {@code FAIL} (with the reason), so a broken handler can never
 *       make a job silently lose data.
 *   <li>If every handler passes (or the chain is empty), the decision is {@code FAIL}: unhandled failures fail.
 *   <li>A {@code DEAD_LETTER} decision for a failure without a record is turned into {@code FAIL}, since there is
 *       nothing to dead-letter.
 *   <li>Since 1.2: a {@code SKIP} decision for a {@link io.sabot.errors.spi.Severity#CRITICAL CRITICAL} failure is
 *       turned into {@code FAIL}, naming the handler and the severity: a failure that puts data at risk is never
 *       dropped into a counter.
 * </ol>
 *
 * <p>So handlers compose: {@code retry} returns {@code RETRY} until its attempts are used up and then {@code PASS},
 * letting {@code dead-letter} behind it take the record; a {@code circuit-breaker} in front passes while its circuit
 * is closed (so {@code retry} backs off) and, once enough attempts failed in a row, opens and returns {@code RETRY}
 * after its open delay itself, so that the target is probed rather than hammered.
 *
 * <h2>What decisions mean</h2>
 * <table>
 *   <caption>Effect of each decision</caption>
 *   <tr><th>decision</th><th>failure with a record</th><th>failure without a record</th></tr>
 *   <tr><td>{@code SKIP}</td><td>the record is dropped and counted ({@code records-skipped})</td>
 *       <td>the failed operation is abandoned and the job continues, e.g. a failed checkpoint is tolerated until the
 *       next one</td></tr>
 *   <tr><td>{@code DEAD_LETTER}</td><td>the record goes to the named target, counted ({@code records-dead-lettered}),
 *       then the job continues</td><td>treated as {@code FAIL}</td></tr>
 *   <tr><td>{@code RETRY}</td><td colspan="2">the operation that failed (read, decode, write, connect, checkpoint) is
 *       attempted again after the delay, and a new failure comes back with {@code attempt + 1}. The task waits on its
 *       own thread, interruptibly (cancelling the job stops the wait), so a retried sink write holds back its inputs
 *       as backpressure does. Handlers bound their retries ({@code retry}: {@code max-retries}); an operation whose
 *       failure cannot change (a record that does not decode) is not attempted again: {@code RETRY} fails it.</td></tr>
 *   <tr><td>{@code FAIL}</td><td colspan="2">the job's current execution fails: every task is cancelled and the job
 *       restarts from its latest completed checkpoint under its restart policy; when that policy is exhausted the job
 *       ends as failed. Nothing already accepted is lost.</td></tr>
 * </table>
 *
 * <h2>Operations, successes and circuits</h2>
 * Since 1.1. Failures of operations the runtime can repeat without changing their outcome (today a sink table's
 * writes, pre-commits and end-of-input flushes; the sink SPI says when a writer's failure may be repeated) go to the
 * chain of that table with {@link io.sabot.errors.spi.Failure#isRetriable()} set as the writer declared. Around them
 * the runtime sends two signals besides failures:
 *
 * <ul>
 *   <li>after each successful attempt, {@link io.sabot.errors.spi.ErrorHandler#onSuccess} to every handler ({@link
 *       io.sabot.errors.spi.ErrorHandlers#succeeded});
 *   <li>before each attempt, it asks every handler for its {@link io.sabot.errors.spi.ErrorHandler#circuit circuit}
 *       and holds the attempt while one is {@link io.sabot.errors.spi.CircuitState.State#OPEN OPEN} ({@link
 *       io.sabot.errors.spi.ErrorHandlers#hold}).
 * </ul>
 *
 * <h2>Strategies</h2>
 * The seed configuration names strategies rather than handler chains; {@link io.sabot.errors.spi.Strategy} maps each
 * to a handler and decision, and rejects at configuration time the ones not implemented yet ({@code DEGRADE}, {@code
 * RESTART_COMPONENT}, {@code MANUAL_INTERVENTION}).
 *
 * <h2>Threading</h2>
 * A handler instance serves one job and is shared by all its subtasks: {@link
 * io.sabot.errors.spi.ErrorHandler#handle} may be called concurrently from several task threads and from the
 * coordinator, so handlers are thread-safe. It is called on the thread where the failure happened, usually a task
 * thread on the data path: it must return quickly and never block or do I/O. Waiting is expressed as {@code RETRY}
 * with a delay, which the runtime schedules. Dead-letter sinks run on a dispatcher thread of their own and may block.
 *
 * <h2>Hot swap</h2>
 * When a handler's bundle goes away, the runtime closes its handlers and, until a factory with the same identifier
 * returns, decides {@code FAIL} for failures that reached it, which restarts the job on the replacement; failures are
 * never skipped by default. Handler state (retry counts, breaker windows) is not checkpointed.
 */
@Version("1.2.0")
package io.sabot.errors.spi;

import org.osgi.annotation.versioning.Version;
