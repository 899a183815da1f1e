package io.sabot.state.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class KeyGroupsTest {

    private static final int[] MAX_PARALLELISMS = {1, 2, 3, 7, 128, 1000, KeyGroups.UPPER_BOUND_MAX_PARALLELISM};

    /** Pinned against an independent MurmurHash3_x86_32 (4 little-endian bytes, seed 0): savepoints depend on it. */
    @Test
    public void murmurHashIsStableAcrossReleases() {
        assertEquals(0x2362f9de, KeyGroups.murmurHash(0));
        assertEquals(68075478, KeyGroups.murmurHash(1));
        assertEquals(1134849565, KeyGroups.murmurHash(42));
        assertEquals(1982413648, KeyGroups.murmurHash(-1));
        assertEquals(1718298732, KeyGroups.murmurHash(Integer.MIN_VALUE));
        assertEquals(1088346449, KeyGroups.murmurHash(123456789));
        assertEquals(1653689534, KeyGroups.murmurHash(Integer.MAX_VALUE));
    }

    @Test
    public void keyGroupForHashIsStableAcrossReleases() {
        assertEquals(94, KeyGroups.keyGroupForHash(0, 128));
        assertEquals(86, KeyGroups.keyGroupForHash(1, 128));
        assertEquals(29, KeyGroups.keyGroupForHash(42, 128));
        assertEquals(80, KeyGroups.keyGroupForHash(-1, 128));
        assertEquals(108, KeyGroups.keyGroupForHash(Integer.MIN_VALUE, 128));
    }

    @Test
    public void murmurHashIsNeverNegative() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(KeyGroups.murmurHash(random.nextInt()) >= 0);
        }
    }

    @Test
    public void keyGroupsSpreadEvenIfHashesAreSequential() {
        int maxParallelism = 128;
        int[] counts = new int[maxParallelism];
        for (int hash = 0; hash < 128_000; hash++) {
            counts[KeyGroups.keyGroupForHash(hash, maxParallelism)]++;
        }
        for (int count : counts) {
            assertTrue("key group holds " + count + " of 128000 keys", count > 800 && count < 1200);
        }
    }

    @Test
    public void batchFormMatchesScalarForm() {
        Random random = new Random(11);
        int[] hashes = new int[1000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = random.nextInt();
        }
        int[] groups = new int[1000];
        KeyGroups.keyGroupsForHashes(hashes, 900, 300, groups);
        for (int i = 0; i < 900; i++) {
            assertEquals(KeyGroups.keyGroupForHash(hashes[i], 300), groups[i]);
        }
        assertEquals("rows past count untouched", 0, groups[950]);
        KeyGroups.keyGroupsForHashes(hashes, hashes.length, 300, hashes);
        assertEquals(groups[5], hashes[5]);
    }

    @Test
    public void rangesAreDisjointContiguousAndCoverEveryKeyGroup() {
        for (int maxParallelism : MAX_PARALLELISMS) {
            for (int parallelism : parallelismsUpTo(maxParallelism)) {
                List<KeyGroupRange> ranges = ranges(maxParallelism, parallelism);
                BitSet covered = new BitSet(maxParallelism);
                int next = 0;
                int smallest = Integer.MAX_VALUE;
                int largest = 0;
                for (KeyGroupRange range : ranges) {
                    assertFalse("empty range at p=" + parallelism, range.isEmpty());
                    assertEquals("contiguous at p=" + parallelism, next, range.first());
                    for (int kg = range.first(); kg <= range.last(); kg++) {
                        assertFalse("key group " + kg + " owned twice", covered.get(kg));
                        covered.set(kg);
                    }
                    next = range.last() + 1;
                    smallest = Math.min(smallest, range.size());
                    largest = Math.max(largest, range.size());
                }
                assertEquals(maxParallelism, covered.cardinality());
                assertEquals(maxParallelism, next);
                assertTrue("balanced within one key group", largest - smallest <= 1);
            }
        }
    }

    @Test
    public void operatorIndexAgreesWithRanges() {
        for (int maxParallelism : MAX_PARALLELISMS) {
            for (int parallelism : parallelismsUpTo(maxParallelism)) {
                List<KeyGroupRange> ranges = ranges(maxParallelism, parallelism);
                for (int kg = 0; kg < maxParallelism; kg++) {
                    int index = KeyGroups.operatorIndexForKeyGroup(maxParallelism, parallelism, kg);
                    assertTrue(
                            "kg " + kg + " at M=" + maxParallelism + " p=" + parallelism,
                            ranges.get(index).contains(kg));
                }
            }
        }
    }

    @Test
    public void rangesAreStableAcrossReleases() {
        assertEquals(KeyGroupRange.of(0, 63), KeyGroups.rangeForOperator(128, 2, 0));
        assertEquals(KeyGroupRange.of(64, 127), KeyGroups.rangeForOperator(128, 2, 1));
        assertEquals(KeyGroupRange.of(0, 42), KeyGroups.rangeForOperator(128, 3, 0));
        assertEquals(KeyGroupRange.of(43, 85), KeyGroups.rangeForOperator(128, 3, 1));
        assertEquals(KeyGroupRange.of(86, 127), KeyGroups.rangeForOperator(128, 3, 2));
    }

    /** Rescaling from 2 to 3 subtasks: a key keeps its key group, and each key group moves as a whole. */
    @Test
    public void rescalingFromTwoToThreeMovesWholeKeyGroups() {
        int maxParallelism = 128;
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            int hash = random.nextInt();
            int kg = KeyGroups.keyGroupForHash(hash, maxParallelism);
            int oldOwner = KeyGroups.operatorIndexForKeyGroup(maxParallelism, 2, kg);
            int newOwner = KeyGroups.operatorIndexForKeyGroup(maxParallelism, 3, kg);
            assertTrue(KeyGroups.rangeForOperator(maxParallelism, 2, oldOwner).contains(kg));
            assertTrue(KeyGroups.rangeForOperator(maxParallelism, 3, newOwner).contains(kg));
        }
        // Each new range is exactly the union of its intersections with the old ranges: no key group is split.
        for (int next = 0; next < 3; next++) {
            KeyGroupRange newRange = KeyGroups.rangeForOperator(maxParallelism, 3, next);
            int restored = 0;
            for (int old = 0; old < 2; old++) {
                restored += newRange.intersection(KeyGroups.rangeForOperator(maxParallelism, 2, old))
                        .size();
            }
            assertEquals(newRange.size(), restored);
        }
        // Subtask 1 of 3 ([43, 85]) restores from both old subtasks' files; 0 and 2 from one each.
        KeyGroupRange middle = KeyGroups.rangeForOperator(maxParallelism, 3, 1);
        assertTrue(middle.overlaps(KeyGroups.rangeForOperator(maxParallelism, 2, 0)));
        assertTrue(middle.overlaps(KeyGroups.rangeForOperator(maxParallelism, 2, 1)));
        assertFalse(KeyGroups.rangeForOperator(maxParallelism, 3, 0)
                .overlaps(KeyGroups.rangeForOperator(maxParallelism, 2, 1)));
    }

    @Test
    public void defaultMaxParallelismFollowsFlink() {
        assertEquals(128, KeyGroups.defaultMaxParallelism(1));
        assertEquals(128, KeyGroups.defaultMaxParallelism(85));
        assertEquals(256, KeyGroups.defaultMaxParallelism(86));
        assertEquals(256, KeyGroups.defaultMaxParallelism(128));
        assertEquals(KeyGroups.UPPER_BOUND_MAX_PARALLELISM, KeyGroups.defaultMaxParallelism(30_000));
    }

    @Test
    public void invalidArgumentsAreRejected() {
        expectIllegal(() -> KeyGroups.keyGroupForHash(1, 0));
        expectIllegal(() -> KeyGroups.keyGroupForHash(1, KeyGroups.UPPER_BOUND_MAX_PARALLELISM + 1));
        expectIllegal(() -> KeyGroups.rangeForOperator(128, 129, 0));
        expectIllegal(() -> KeyGroups.rangeForOperator(128, 2, 2));
        expectIllegal(() -> KeyGroups.rangeForOperator(128, 2, -1));
        expectIllegal(() -> KeyGroups.operatorIndexForKeyGroup(128, 2, 128));
        expectIllegal(() -> KeyGroups.defaultMaxParallelism(0));
    }

    private static void expectIllegal(Runnable call) {
        try {
            call.run();
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    private static List<KeyGroupRange> ranges(int maxParallelism, int parallelism) {
        List<KeyGroupRange> ranges = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            ranges.add(KeyGroups.rangeForOperator(maxParallelism, parallelism, i));
        }
        return ranges;
    }

    private static int[] parallelismsUpTo(int maxParallelism) {
        if (maxParallelism <= 130) {
            int[] all = new int[maxParallelism];
            for (int i = 0; i < maxParallelism; i++) {
                all[i] = i + 1;
            }
            return all;
        }
        return new int[] {1, 2, 3, 7, 100, maxParallelism / 3, maxParallelism - 1, maxParallelism};
    }
}
