package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;

/**
 * Passes the decoder's events to the next listener on a thread of its own, in the order they came: the report's
 * work (diagnosis, pairing the legs, counting) then runs beside the decoding on the second core, and the report is
 * the same as when the decoder calls the next listener itself, since one thread takes every event in order and
 * the events are immutable. Events travel in batches ({@link BatchHandOff}), so the decoding thread rarely touches
 * the queue; the queue is bounded, so a slow report holds the decoding back instead of filling the heap.
 *
 * <p>Call {@link #drain()} when the decoder is done, before reading anything the next listener collected: it
 * waits until every event was passed on (the thread's end orders every write it made before the caller's reads),
 * and rethrows what the next listener threw. That is a bug in the report or the heap running out: the events after
 * it are dropped and the run ends with the internal-error line, where a decoder's bug stops only its connection.
 */
public final class HandOffListener implements AnalysisListener, AutoCloseable {

    /** Events in a batch: a few hundred exchanges' worth of objects, handed over at once. */
    static final int BATCH = 256;

    /**
     * Batches waiting: a burst of exchanges rarely blocks the decoder, and the events in flight stay few (the
     * spool behind the report has its own queue); with 16 the benchmark's 50 000 flows peaked 3 MiB higher.
     */
    static final int QUEUED_BATCHES = 4;

    private final AnalysisListener next;
    private final BatchHandOff events = new BatchHandOff(BATCH, QUEUED_BATCHES);
    private final Thread thread;
    private boolean closed;
    private volatile Throwable failure;

    /** An exchange and where it happened, as one event. */
    private record ExchangeEvent(HttpExchange exchange, ExchangeContext context) {
    }

    public HandOffListener(AnalysisListener next) {
        this.next = next;
        this.thread = new Thread(this::passOn, "hopsniff-report");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void exchange(HttpExchange exchange, ExchangeContext context) {
        add(new ExchangeEvent(exchange, context));
    }

    @Override
    public void connection(ConnectionRecord connection) {
        add(connection);
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        add(anomaly);
    }

    private void add(Object event) {
        uninterruptibly(() -> events.add(event));
    }

    /**
     * Waits until the next listener has taken every event; idempotent. Rethrows what the next listener threw, as
     * it would have reached the decoding thread's caller without the hand-off (an out-of-memory error keeps its
     * one line, a bug its stack trace from this thread).
     */
    public void drain() {
        close();
        Throwable t = failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Passes on what is left and ends the thread; idempotent. What the next listener threw is for {@link #drain}. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            uninterruptibly(events::end);
            uninterruptibly(thread::join);
        }
    }

    /** A wait that may be interrupted. */
    private interface Wait {
        void run() throws InterruptedException;
    }

    /**
     * Waits to the end however often interrupted, and keeps the interrupt for the caller: the events must arrive,
     * or the report would be silently short.
     */
    private static void uninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void passOn() {
        while (true) {
            Object event;
            try {
                event = events.next();
            } catch (InterruptedException e) {
                continue; // only close() ends this thread, so no event is lost
            }
            if (event == null) {
                return;
            }
            if (failure != null) {
                continue; // keep taking, so the decoder never waits on a queue nobody empties
            }
            try {
                dispatch(event);
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private void dispatch(Object event) {
        if (event instanceof ExchangeEvent e) {
            next.exchange(e.exchange(), e.context());
        } else if (event instanceof ConnectionRecord c) {
            next.connection(c);
        } else {
            next.anomaly((Anomaly) event);
        }
    }
}
