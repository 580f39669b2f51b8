package io.hopsniff.report;

import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TransactionJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first transactions in time order, kept as the spool writes them (their JSON, up to {@link #KEPT}), so the text
 * summary of a report just written need not read the whole report back to find them (a pass over the 60 MB report
 * of a 1 GiB capture took a quarter of a second after the decoding was done). Same order as the renderers' own
 * ({@code EarliestExchanges}): the request's first byte, else the response's; exchanges with neither last; ties by
 * id. Used by the spool's writer thread only; read once the spool is drained.
 */
public final class EarliestTransactions {

    /** As many as the text summary lists. */
    public static final int KEPT = 200;

    private record Kept(long start, long id, byte[] json) {
    }

    private static final Comparator<Kept> ORDER = Comparator.comparingLong(Kept::start).thenComparingLong(Kept::id);

    private final PriorityQueue<Kept> latestFirst = new PriorityQueue<>(ORDER.reversed());

    /**
     * Whether this record is one to keep: a transaction among the earliest so far. The spool then serialises it
     * once, to bytes, hands them to {@link #keep} and copies them into the file: serialising the earliest ones a
     * second time (the first {@value #KEPT} of every run, cold) took 36 ms of the writer's CPU on 10 000 flows.
     */
    boolean wants(Object record) {
        if (!(record instanceof TransactionJson t)) {
            return false;
        }
        if (latestFirst.size() < KEPT) {
            return true;
        }
        Kept latest = latestFirst.peek();
        long start = start(t);
        return start < latest.start() || start == latest.start() && t.id() <= latest.id();
    }

    /** Keeps a record {@link #wants} wanted, with its JSON as the spool writes it; the latest kept makes room. */
    void keep(Object record, byte[] json) {
        TransactionJson t = (TransactionJson) record;
        if (latestFirst.size() == KEPT) {
            latestFirst.poll();
        }
        latestFirst.add(new Kept(start(t), t.id(), json));
    }

    /** Their JSON, earliest first. */
    List<byte[]> sorted() {
        List<Kept> kept = new ArrayList<>(latestFirst);
        kept.sort(ORDER);
        List<byte[]> out = new ArrayList<>(kept.size());
        kept.forEach(k -> out.add(k.json()));
        return out;
    }

    /** The time the report shows as the exchange's start ({@code first_byte} is left out when unknown). */
    private static long start(TransactionJson t) {
        TimeJson first = firstByte(t.request());
        if (first == null) {
            first = firstByte(t.response());
        }
        return first == null || first.epochNs() == 0 ? Long.MAX_VALUE : first.epochNs();
    }

    private static TimeJson firstByte(MessageJson m) {
        return m == null ? null : m.firstByte();
    }
}
