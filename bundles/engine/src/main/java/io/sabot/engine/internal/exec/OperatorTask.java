package io.sabot.engine.internal.exec;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A subtask fed by an input gate. It combines the watermarks of its channels (the minimum over channels that are
 * not idle; ended channels count as {@link Long#MAX_VALUE}), never letting its own watermark go back, and ends when
 * every channel has ended.
 */
public final class OperatorTask extends Task {

    private final InputGate gate;
    private long[] watermarks;
    private boolean[] idle;
    private int ended;
    private long current = Long.MIN_VALUE;
    /** Barrier alignment: the checkpoint being aligned (-1 none), the channels whose barrier arrived. */
    private long aligning = -1;

    private boolean[] barrierSeen;
    private boolean[] channelEnded;
    private long alignStart;

    public OperatorTask(String name, JobRuntime job, OperatorChain chain, OperatorContext context, InputGate gate) {
        super(name, job, chain, context);
        this.gate = gate;
    }

    @Override
    protected void invoke() throws Exception {
        int channels = gate.channelCount();
        watermarks = new long[channels];
        idle = new boolean[channels];
        barrierSeen = new boolean[channels];
        channelEnded = new boolean[channels];
        Arrays.fill(watermarks, Long.MIN_VALUE);
        if (channels == 0) {
            chain.processWatermark(Long.MAX_VALUE);
            chain.endInput();
            return;
        }
        while (ended < channels) {
            checkRunning();
            Envelope e = gate.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            int c = e.channel();
            switch (e.kind()) {
                case BATCH -> {
                    idle[c] = false;
                    chain.origin(e.origin());
                    chain.processBatch(gate.inputOf(c), e.batch());
                }
                case WATERMARK -> {
                    idle[c] = false;
                    if (e.watermark() > watermarks[c]) {
                        watermarks[c] = e.watermark();
                    }
                    chain.origin(e.origin());
                    advance();
                }
                case IDLE -> {
                    idle[c] = true;
                    advance();
                    if (allIdle()) {
                        chain.outputs().emitIdle();
                    }
                }
                case END -> {
                    watermarks[c] = Long.MAX_VALUE;
                    idle[c] = false;
                    channelEnded[c] = true;
                    ended++;
                    advance();
                    if (aligning >= 0) {
                        completeAlignment();
                    }
                }
                case BARRIER -> onBarrier(c, e.watermark());
            }
        }
        chain.endInput();
    }

    /**
     * Barrier {@code id} on channel {@code c}: the channel is held back until every channel that has not ended
     * delivered the same barrier; then the task snapshots and forwards it. A newer barrier supersedes an alignment in
     * progress (its checkpoint was aborted upstream); an older one is stale and ignored.
     */
    private void onBarrier(int c, long id) throws Exception {
        if (id < aligning) {
            return;
        }
        if (id > aligning) {
            if (aligning >= 0) {
                gate.unblockAll();
            }
            aligning = id;
            Arrays.fill(barrierSeen, false);
            alignStart = System.nanoTime();
        }
        barrierSeen[c] = true;
        gate.block(c);
        completeAlignment();
    }

    private void completeAlignment() throws Exception {
        for (int c = 0; c < barrierSeen.length; c++) {
            if (!barrierSeen[c] && !channelEnded[c]) {
                return;
            }
        }
        long id = aligning;
        aligning = -1;
        Arrays.fill(barrierSeen, false);
        gate.unblockAll();
        checkpoint(id, System.nanoTime() - alignStart);
    }

    private boolean allIdle() {
        for (int c = 0; c < idle.length; c++) {
            if (!idle[c] && watermarks[c] != Long.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private void advance() throws Exception {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int c = 0; c < watermarks.length; c++) {
            if (!idle[c]) {
                min = Math.min(min, watermarks[c]);
                any = true;
            }
        }
        if (any && min > current) {
            current = min;
            chain.processWatermark(min);
        }
    }

    @Override
    protected void cleanup() {
        gate.drain();
    }
}
