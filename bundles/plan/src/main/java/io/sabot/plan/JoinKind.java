package io.sabot.plan;

public enum JoinKind {
    INNER,
    LEFT,
    RIGHT,
    FULL
}
