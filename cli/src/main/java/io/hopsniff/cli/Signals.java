package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureThread;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a live capture cleanly: decoding finishes, the report and the pcap are written. A second
 * SIGINT leaves at once: the capture thread is stopped (it closes the pcap file on its way out, so what was
 * written stays readable) and the JVM halts with 130.
 */
final class Signals {

    private Signals() {
    }

    static void onStop(AtomicBoolean stop, CaptureThread capture) {
        Signal.handle(new Signal("TERM"), s -> stop.set(true));
        Signal.handle(new Signal("INT"), s -> {
            if (CaptureCommand.SIGNALS.incrementAndGet() == 1) {
                stop.set(true);
                System.err.println();
                System.err.println("hopsniff: stopping (finishing the report; Ctrl-C again to quit at once)");
                return;
            }
            capture.stop();
            long until = System.nanoTime() + 2_000_000_000L;
            while (capture.isRunning() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            System.err.println("hopsniff: quit without a report");
            Runtime.getRuntime().halt(130);
        });
    }
}
