package io.sabot.connector.nexmark.internal;

import java.util.List;
import java.util.Random;

/**
 * The reference NEXMark generator's algorithms written out the plain way — a fresh {@link java.util.Random} seeded
 * with the event id, {@link String}s, {@code String.format} — as a yardstick for {@link NexmarkGenerator}, which
 * computes the same values without allocating. Rows hold the DDL's fields in order, timestamps as epoch millis.
 */
final class ReferenceModel {

    private static final String[] STATES = "AZ,CA,ID,OR,WA,WY".split(",");
    private static final String[] CITIES =
            "Phoenix,Los Angeles,San Francisco,Boise,Portland,Bend,Redmond,Seattle,Kent,Cheyenne".split(",");
    private static final String[] FIRST_NAMES =
            "Peter,Paul,Luke,John,Saul,Vicky,Kate,Julie,Sarah,Deiter,Walter".split(",");
    private static final String[] LAST_NAMES =
            "Shultz,Abrams,Spencer,White,Bartels,Walton,Smith,Jones,Noris".split(",");
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    private final NexmarkConfig c;

    ReferenceModel(NexmarkConfig config) {
        this.c = config;
    }

    /** The event with number {@code n} as a row of its kind's fields. */
    List<Object> event(long n) {
        long id = c.eventId(n);
        long ts = c.timestampForEvent(id);
        Random random = new Random(id);
        long rem = id % c.totalProportion();
        if (rem < c.personProportion()) {
            return person(id, random, ts);
        } else if (rem < c.personProportion() + c.auctionProportion()) {
            return auction(id, random, ts);
        }
        return bid(id, random, ts);
    }

    private List<Object> person(long id, Random random, long ts) {
        long personId = lastBase0PersonId(id) + 1000;
        String name =
                FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = nextString(random, 7, ' ') + "@" + nextString(random, 5, ' ') + ".com";
        StringBuilder card = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                card.append(' ');
            }
            card.append(String.format("%04d", random.nextInt(10000)));
        }
        String city = CITIES[random.nextInt(CITIES.length)];
        String state = STATES[random.nextInt(STATES.length)];
        int size = 8 + name.length() + email.length() + card.length() + city.length() + state.length();
        String extra = nextExtra(random, size, c.avgPersonByteSize());
        return List.of(personId, name, email, card.toString(), city, state, ts, extra);
    }

    private List<Object> auction(long id, Random random, long ts) {
        long auctionId = lastBase0AuctionId(id) + 1000;
        long seller = random.nextInt(c.hotSellersRatio()) > 0
                ? (lastBase0PersonId(id) / 100) * 100
                : nextBase0PersonId(id, random);
        seller += 1000;
        long category = 10 + random.nextInt(5);
        long initialBid = nextPrice(random);
        long numEventsForAuctions = ((long) c.numInFlightAuctions() * c.totalProportion()) / c.auctionProportion();
        long horizon = c.timestampForEvent(id + numEventsForAuctions) - ts;
        long expires = ts + 1L + nextLong(random, Math.max(horizon * 2, 1L));
        String name = nextString(random, 20, ' ');
        String desc = nextString(random, 100, ' ');
        long reserve = initialBid + nextPrice(random);
        int size = 8 + name.length() + desc.length() + 8 + 8 + 8 + 8 + 8;
        String extra = nextExtra(random, size, c.avgAuctionByteSize());
        return List.of(auctionId, name, desc, initialBid, reserve, ts, expires, seller, category, extra);
    }

    private List<Object> bid(long id, Random random, long ts) {
        long auction = random.nextInt(c.hotAuctionRatio()) > 0
                ? (lastBase0AuctionId(id) / 100) * 100
                : nextBase0AuctionId(id, random);
        auction += 1000;
        long bidder;
        if (random.nextInt(c.hotBiddersRatio()) > 0) {
            long newest = lastBase0PersonId(id);
            bidder = Math.min((newest / 100) * 100 + 1, newest + c.idLead());
        } else {
            bidder = nextBase0PersonId(id, random);
        }
        bidder += 1000;
        long price = nextPrice(random);
        String channel;
        String url;
        if (random.nextInt(2) > 0) {
            int i = random.nextInt(HOT_CHANNELS.length);
            channel = HOT_CHANNELS[i];
            url = baseUrl(new Random(0x486F7455726C73L + i));
        } else {
            int n = random.nextInt(10_000);
            channel = "channel-" + n;
            Random urlRandom = new Random(0x4368616E6E656CL + n);
            url = baseUrl(urlRandom);
            if (urlRandom.nextInt(10) > 0) {
                url += "&channel_id=" + Math.abs(Integer.reverse(n));
            }
        }
        String extra = nextExtra(random, 32, c.avgBidByteSize());
        return List.of(auction, bidder, price, channel, url, ts, extra);
    }

    private static String baseUrl(Random random) {
        return "https://www.nexmark.com/" + nextString(random, 5, '_') + '/' + nextString(random, 5, '_') + '/'
                + nextString(random, 5, '_') + '/' + "item.htm?query=1";
    }

    long lastBase0PersonId(long id) {
        long epoch = id / c.totalProportion();
        long offset = id % c.totalProportion();
        if (offset >= c.personProportion()) {
            offset = c.personProportion() - 1;
        }
        return epoch * c.personProportion() + offset;
    }

    long lastBase0AuctionId(long id) {
        long epoch = id / c.totalProportion();
        long offset = id % c.totalProportion();
        if (offset < c.personProportion()) {
            epoch--;
            offset = c.auctionProportion() - 1;
        } else if (offset >= c.personProportion() + c.auctionProportion()) {
            offset = c.auctionProportion() - 1;
        } else {
            offset -= c.personProportion();
        }
        return epoch * c.auctionProportion() + offset;
    }

    private long nextBase0PersonId(long id, Random random) {
        long numPeople = lastBase0PersonId(id) + 1;
        long active = Math.min(numPeople, c.numActivePeople());
        return numPeople - active + nextLong(random, active + c.idLead());
    }

    private long nextBase0AuctionId(long id, Random random) {
        long max = lastBase0AuctionId(id);
        long min = Math.max(max - c.numInFlightAuctions(), 0);
        return min + nextLong(random, max - min + 1 + c.idLead());
    }

    private static long nextLong(Random random, long n) {
        return n < Integer.MAX_VALUE ? random.nextInt((int) n) : Math.abs(random.nextLong() % n);
    }

    private static long nextPrice(Random random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    private static String nextString(Random random, int maxLength, char special) {
        int len = 3 + random.nextInt(maxLength - 3);
        StringBuilder sb = new StringBuilder();
        while (len-- > 0) {
            sb.append(random.nextInt(13) == 0 ? special : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString().trim();
    }

    private static String nextExtra(Random random, int currentSize, int desiredAverageSize) {
        if (currentSize > desiredAverageSize) {
            return "";
        }
        desiredAverageSize -= currentSize;
        int delta = (int) Math.round(desiredAverageSize * 0.2);
        int length = desiredAverageSize - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        StringBuilder sb = new StringBuilder();
        int rnd = 0;
        int left = 0;
        while (length-- > 0) {
            if (left == 0) {
                rnd = random.nextInt();
                left = 6;
            }
            sb.append((char) ('a' + rnd % 26));
            rnd /= 26;
            left--;
        }
        return sb.toString();
    }
}
