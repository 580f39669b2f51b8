package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a live capture cleanly: decoding finishes, the report and the pcap are written. A second
 * SIGINT leaves at once: the capture thread is stopped (it closes the pcap file on its way out, so what was
 * written stays readable) and the JVM halts with 130.
 *
 * <p>The handlers are installed before the start line is printed, so a signal sent as soon as a script sees that
 * line still gives a report (before the capture thread exists, the stop flag is simply set and the capture ends
 * at once). A second SIGINT within a second of the first is the same stop ({@code timeout -s INT} and some
 * terminals deliver it twice).
 */
final class Signals {

    /** A repeat within this long of the first SIGINT is not a second Ctrl-C. */
    static final long REPEAT_NANOS = 1_000_000_000L;

    private Signals() {
    }

    static void install(AtomicBoolean stop, AtomicReference<CaptureThread> capture) {
        AtomicLong firstInt = new AtomicLong();
        Signal.handle(new Signal("TERM"), s -> stop.set(true));
        Signal.handle(new Signal("INT"), s -> {
            long now = System.nanoTime();
            if (firstInt.compareAndSet(0, now)) {
                stop.set(true);
                System.err.println();
                System.err.println("hopsniff: stopping (finishing the report; Ctrl-C again to quit at once)");
                return;
            }
            if (now - firstInt.get() < REPEAT_NANOS) {
                return;
            }
            CaptureThread running = capture.get();
            if (running != null) {
                running.stop();
                long until = System.nanoTime() + 2_000_000_000L;
                while (running.isRunning() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            System.err.println("hopsniff: quit without a report");
            Runtime.getRuntime().halt(130);
        });
    }
}
