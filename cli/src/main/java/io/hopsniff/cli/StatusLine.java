package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureThread;
import io.hopsniff.capture.live.HandoffStats;
import io.hopsniff.capture.live.LiveStats;
import java.io.PrintWriter;

/** A status line on stderr every few seconds (packets seen, drops) — only when stderr is a terminal. */
final class StatusLine {

    private static final StatusLine NONE = new StatusLine(null);
    private final Thread thread;

    private StatusLine(Thread thread) {
        this.thread = thread;
    }

    static StatusLine startIfTerminal(PrintWriter err, CaptureThread capture, boolean quiet) {
        if (quiet || System.console() == null) {
            return NONE;
        }
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(3000);
                    HandoffStats h = capture.handoffStats();
                    LiveStats s = capture.libpcapStats();
                    err.printf("\r[%d packets, kernel drops %d, hopsniff drops %d]  ", h.received(),
                            s.droppedByKernel(), h.dropped());
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The status line is a courtesy; the capture goes on without it.
            }
        }, "hopsniff-status");
        t.setDaemon(true);
        t.start();
        return new StatusLine(t);
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
