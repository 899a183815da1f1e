package io.sabot.engine.internal.exec;

/**
 * Marks an operator that holds no state across batches, so a checkpoint needs nothing of it. An operator that is
 * neither this nor {@link io.sabot.engine.internal.checkpoint.CheckpointedOperator} refuses to run with checkpoints.
 */
public interface StatelessOperator {}
