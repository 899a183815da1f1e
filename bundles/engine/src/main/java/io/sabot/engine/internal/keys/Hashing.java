package io.sabot.engine.internal.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The engine's key hash: a 64-bit multiply-rotate hash over the encoded key bytes, eight bytes at a time, folded to
 * 32 bits. It is part of the exchange contract (a key's key group is {@code KeyGroups.keyGroupForHash(hash(key),
 * maxParallelism)}), so it must never change for a given encoding.
 */
public final class Hashing {

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private Hashing() {}

    public static int hash(byte[] b, int off, int len) {
        long h = 0x27D4EB2F165667C5L + len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long k = (long) LONGS.get(b, i) * P2;
            h ^= Long.rotateLeft(k, 31) * P1;
            h = Long.rotateLeft(h, 27) * P1 + 0x85EBCA77C2B2AE63L;
        }
        for (; i < end; i++) {
            h ^= (b[i] & 0xFFL) * 0x165667B19E3779F9L;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= 0x165667B19E3779F9L;
        h ^= h >>> 32;
        return (int) h;
    }

    /** Reads a little-endian int (for code outside this package that builds keys). */
    public static int getIntLE(byte[] b, int at) {
        return (int) INTS.get(b, at);
    }

    public static void putIntLE(byte[] b, int at, int v) {
        INTS.set(b, at, v);
    }

    static long getLong(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    static void putLong(byte[] b, int at, long v) {
        LONGS.set(b, at, v);
    }

    static int getInt(byte[] b, int at) {
        return (int) INTS.get(b, at);
    }

    static void putInt(byte[] b, int at, int v) {
        INTS.set(b, at, v);
    }
}
