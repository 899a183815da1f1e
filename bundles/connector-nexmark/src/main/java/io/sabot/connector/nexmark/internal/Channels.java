package io.sabot.connector.nexmark.internal;

import java.nio.charset.StandardCharsets;

/**
 * The bid channels and their URLs. Half the bids come through one of four hot channels, the others through one of
 * 10 000 numbered channels, as in nexmark-flink. There each URL is drawn once from unseeded randomness; here it is
 * drawn from a {@link java.util.Random} seeded by a fixed function of the channel, so runs repeat. The table is built
 * once per class loader, on first use, and shared read-only.
 */
final class Channels {

    static final int HOT_CHANNELS = 4;
    static final int CHANNELS = 10_000;

    private static final String[] HOT_NAMES = {"Google", "Facebook", "Baidu", "Apple"};
    private static final long HOT_URL_SEED = 0x486F7455726C73L; // "HotUrls"
    private static final long CHANNEL_URL_SEED = 0x4368616E6E656CL; // "Channel"

    private Channels() {}

    static byte[] hotName(int i) {
        return Table.HOT_NAME_BYTES[i];
    }

    static byte[] hotUrl(int i) {
        return Table.HOT_URL_BYTES[i];
    }

    static byte[] name(int channel) {
        return Table.NAME_BYTES[channel];
    }

    static byte[] url(int channel) {
        return Table.URL_BYTES[channel];
    }

    /** The holder idiom: built on first access, safely published by class initialisation. */
    private static final class Table {
        static final byte[][] HOT_NAME_BYTES = NexmarkGenerator.ascii(HOT_NAMES);
        static final byte[][] HOT_URL_BYTES = new byte[HOT_CHANNELS][];
        static final byte[][] NAME_BYTES = new byte[CHANNELS][];
        static final byte[][] URL_BYTES = new byte[CHANNELS][];

        static {
            JdkRandom random = new JdkRandom();
            AsciiString scratch = new AsciiString();
            for (int i = 0; i < HOT_CHANNELS; i++) {
                random.reseed(HOT_URL_SEED + i);
                scratch.clear();
                baseUrl(random, scratch);
                HOT_URL_BYTES[i] = bytes(scratch);
            }
            for (int channel = 0; channel < CHANNELS; channel++) {
                NAME_BYTES[channel] = ("channel-" + channel).getBytes(StandardCharsets.US_ASCII);
                random.reseed(CHANNEL_URL_SEED + channel);
                scratch.clear();
                baseUrl(random, scratch);
                // most channel URLs carry the channel id, as in nexmark-flink (where 1 in 10 does not)
                if (random.nextInt(10) > 0) {
                    scratch.append("&channel_id=".getBytes(StandardCharsets.US_ASCII));
                    scratch.append(Math.abs(Integer.reverse(channel)));
                }
                URL_BYTES[channel] = bytes(scratch);
            }
        }

        private static void baseUrl(JdkRandom random, AsciiString out) {
            out.append("https://www.nexmark.com/".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                NexmarkGenerator.appendString(random, out, 5, '_');
                out.append('/');
            }
            out.append("item.htm?query=1".getBytes(StandardCharsets.US_ASCII));
        }

        private static byte[] bytes(AsciiString s) {
            return java.util.Arrays.copyOf(s.bytes(), s.length());
        }
    }
}
