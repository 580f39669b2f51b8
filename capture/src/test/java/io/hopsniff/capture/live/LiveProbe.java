package io.hopsniff.capture.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny main run in a child JVM by the tests, for what cannot be undone or set twice in the test JVM:
 * dropping root, the libpcap path property (read once per JVM), a fresh network namespace.
 * Prints {@code key=value} lines; the parent asserts on them.
 *
 * <pre>
 *   --version                 print libpcap's version
 *   --open IFACE              open IFACE, print "open=OK" or "open=KIND message"
 *   --user NAME --open IFACE  load libpcap, drop to NAME, report every thread's uid, then open IFACE
 * </pre>
 */
public final class LiveProbe {

    public static void main(String[] args) throws Exception {
        String user = null;
        String open = null;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> user = args[++i];
                case "--open" -> open = args[++i];
                case "--version" -> version = true;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        if (version) {
            print("version", PcapLiveSource.libpcapVersion());
        }
        if (user != null) {
            dropAndReport(user);
        }
        if (open != null) {
            try (PcapLiveSource s = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface(open))) {
                print("open", "OK linktype=" + s.linkType());
            } catch (CaptureException e) {
                print("open", e.kind() + " " + e.getMessage());
            }
        }
        System.out.flush();
    }

    private static void dropAndReport(String user) throws Exception {
        // as the new user we cannot read /root/.m2: load libpcap and the classes we need while still root
        print("version", PcapLiveSource.libpcapVersion());
        Class.forName(CaptureException.Kind.class.getName());
        Class.forName(PcapLiveSource.class.getName());
        CountDownLatch dropped = new CountDownLatch(1);
        AtomicReference<String> oldThreadUid = new AtomicReference<>();
        Thread old = new Thread(() -> {
            try {
                dropped.await();
            } catch (InterruptedException e) {
                return;
            }
            oldThreadUid.set(PrivilegeDrop.uidLine(Path.of("/proc/thread-self/status")));
        });
        old.setDaemon(true); // a failed drop must not leave the JVM waiting on it
        old.start();

        PrivilegeDrop.Identity id;
        try {
            id = PrivilegeDrop.dropTo(user);
        } catch (CaptureException e) {
            print("dropped", e.kind() + " " + e.getMessage());
            System.exit(3);
            return;
        }
        print("dropped", "uid=" + id.uid() + " gid=" + id.gid());
        dropped.countDown();
        old.join();
        print("old-thread", oldThreadUid.get());
        AtomicReference<String> newThreadUid = new AtomicReference<>();
        AtomicReference<String> newThreadHardening = new AtomicReference<>();
        Thread fresh = new Thread(() -> {
            newThreadUid.set(PrivilegeDrop.uidLine(Path.of("/proc/thread-self/status")));
            newThreadHardening.set(statusLines(Path.of("/proc/thread-self/status")));
        });
        fresh.start();
        fresh.join();
        print("new-thread", newThreadUid.get());
        print("new-thread-hardening", newThreadHardening.get());
        print("dropping-thread-hardening", statusLines(Path.of("/proc/thread-self/status")));
        int tasks = 0;
        int other = 0;
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : ds) {
                String line = PrivilegeDrop.uidLine(t.resolve("status"));
                if (line == null) {
                    continue;
                }
                tasks++;
                if (!line.equals("Uid:\t" + id.uid() + "\t" + id.uid() + "\t" + id.uid() + "\t" + id.uid())) {
                    other++;
                }
            }
        }
        print("tasks", tasks + " not-switched=" + other);
        try {
            PrivilegeDrop.dropTo(user);
            print("second-drop", "OK");
        } catch (CaptureException e) {
            print("second-drop", e.kind() + " " + e.getMessage());
        }
    }

    /** "CapBnd:0000000000000000 NoNewPrivs:1" from a task's status, in its order. */
    private static String statusLines(Path status) {
        try {
            StringBuilder b = new StringBuilder();
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("NoNewPrivs:") || l.startsWith("CapBnd:")) {
                    b.append(b.length() == 0 ? "" : " ").append(l.replace("\t", ""));
                }
            }
            return b.toString();
        } catch (java.io.IOException e) {
            return "unreadable";
        }
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + value);
    }
}
