package io.hopsniff.capture.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import io.hopsniff.capture.live.CaptureException.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Drops root after the capture handle is open, like {@code tcpdump -Z}: a sniffer parses hostile bytes, so it
 * should not do that as root. The JDK has no setuid; this is the one class that calls libc through JNA.
 *
 * <p>Order matters and is tcpdump's: {@code initgroups} (supplementary groups of the target user, dropping
 * root's), {@code setgid}, then {@code setuid} last, because after it we could no longer change groups. As root,
 * {@code setuid} sets real, effective and saved ids, and the kernel clears the capability sets, so the way back
 * is closed; we check that by trying {@code setuid(0)} and expecting it to fail.
 *
 * <p>Threads: Linux credentials are per thread, but glibc's {@code setuid}/{@code setgid}/{@code setgroups}
 * broadcast the change to every thread of the process (nptl's {@code __nptl_setxid}, SIGSETXID), so the
 * JVM's GC, JIT and our capture thread all switch together. We do not trust that blindly: after the switch every
 * task in {@code /proc/self/task} must show the new uid, or the drop fails. (musl does the same broadcast.)
 *
 * <p>Do it after all jars are opened and classes the capture needs are loaded: the new user usually cannot
 * read {@code /root}.
 */
public final class PrivilegeDrop {

    /** Who we are now. */
    public record Identity(String user, int uid, int gid) {
    }

    interface LibC extends Library {
        Passwd getpwnam(String name);

        int initgroups(String user, int gid);

        /** size_t is unsigned long on Linux, which NativeLong maps on both LP64 and ILP32. */
        int setgroups(NativeLong size, int[] list);

        int setgid(int gid);

        int setuid(int uid);

        int getuid();

        int geteuid();

        int getgid();

        int getegid();

        String strerror(int errnum);

        /** prctl(2); the unused arguments are passed as 0. */
        int prctl(int option, NativeLong arg2, NativeLong arg3, NativeLong arg4, NativeLong arg5);
    }

    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    /** glibc's struct passwd on LP64 and ILP32 alike: pointers, then uid_t and gid_t as 32-bit ints. */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
    public static final class Passwd extends Structure {
        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;
        public String pw_gecos;
        public String pw_dir;
        public String pw_shell;
    }

    private static volatile LibC libc;

    private PrivilegeDrop() {
    }

    private static LibC libc() throws CaptureException {
        LibC l = libc;
        if (l == null) {
            try {
                l = Native.load("c", LibC.class);
            } catch (LinkageError e) {
                throw new CaptureException(Kind.USER_SWITCH_FAILED, "cannot load libc to switch user: " + e, e);
            }
            libc = l;
        }
        return l;
    }

    public static boolean isRoot() throws CaptureException {
        return libc().geteuid() == 0;
    }

    /** Switches the whole process to {@code user} for good, or throws and leaves the caller to exit. */
    public static Identity dropTo(String user) throws CaptureException {
        if (user == null || user.isBlank()) {
            throw fail(user, "no user name given");
        }
        LibC c = libc();
        if (c.geteuid() != 0) {
            throw fail(user, "not running as root (euid " + c.geteuid() + ")");
        }
        // Load now what is needed after setuid: the new user may not be able to read the class path.
        Identity preloaded = new Identity(user, -1, -1);
        CaptureException failure = new CaptureException(CaptureException.Kind.USER_SWITCH_FAILED, preloaded.user());
        failure.kind();
        Passwd pw = c.getpwnam(user);
        if (pw == null) {
            throw fail(user, "unknown user");
        }
        int uid = pw.pw_uid;
        int gid = pw.pw_gid;
        if (uid == 0) {
            throw fail(user, "user has uid 0, that is not dropping root");
        }
        if (c.initgroups(user, gid) != 0) {
            int errno = Native.getLastError();
            // a broken NSS group source must not keep root's groups: fall back to the primary group only
            if (c.setgroups(new NativeLong(1), new int[] {gid}) != 0) {
                throw fail(user, "initgroups: " + c.strerror(errno) + ", setgroups: "
                        + c.strerror(Native.getLastError()));
            }
        }
        // While still root (CAP_SETPCAP): empty the capability bounding set, so nothing run later can regain
        // a capability through a file's capabilities or a set-uid root program.
        dropBoundingSet(c, user);
        if (c.setgid(gid) != 0) {
            throw fail(user, "setgid(" + gid + "): " + c.strerror(Native.getLastError()));
        }
        if (c.setuid(uid) != 0) {
            throw fail(user, "setuid(" + uid + "): " + c.strerror(Native.getLastError()));
        }
        verify(c, user, uid, gid);
        // No execve may ever grant privileges again (set-uid bits, file capabilities): like setpriv --no-new-privs.
        if (c.prctl(PR_SET_NO_NEW_PRIVS, new NativeLong(1), new NativeLong(0), new NativeLong(0), new NativeLong(0)) != 0) {
            throw fail(user, "prctl(PR_SET_NO_NEW_PRIVS): " + c.strerror(Native.getLastError()));
        }
        String left = hardeningMissing(Path.of("/proc/thread-self/status"));
        if (left != null) {
            throw fail(user, left);
        }
        return new Identity(user, uid, gid);
    }

    /**
     * Both prctl settings are per thread: they hold for the thread that dropped root and every thread it starts
     * afterwards (the capture thread, the report's writer threads); threads the JVM started before keep theirs.
     */
    private static void dropBoundingSet(LibC c, String user) throws CaptureException {
        int last = lastCapability();
        for (int cap = 0; cap <= last; cap++) {
            if (c.prctl(PR_CAPBSET_DROP, new NativeLong(cap), new NativeLong(0), new NativeLong(0), new NativeLong(0)) != 0) {
                throw fail(user, "prctl(PR_CAPBSET_DROP, " + cap + "): " + c.strerror(Native.getLastError()));
            }
        }
    }

    private static int lastCapability() {
        try {
            // read line-wise: /proc files report size 0, and a size-driven read can stop early
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return 40; // CAP_CHECKPOINT_RESTORE, the last one in Linux 5.9+
        }
    }

    /** What a task's status says is still possible after the drop, or null when NoNewPrivs is 1 and CapBnd 0. */
    static String hardeningMissing(Path status) {
        try {
            List<String> lines = Files.readAllLines(status);
            boolean noNewPrivs = lines.contains("NoNewPrivs:\t1");
            boolean noBounding = lines.contains("CapBnd:\t0000000000000000");
            return noNewPrivs && noBounding ? null
                    : "after the switch: " + (noNewPrivs ? "" : "NoNewPrivs is not set ") + (noBounding ? ""
                    : "the capability bounding set is not empty");
        } catch (IOException e) {
            return null; // no /proc: nothing to check against
        }
    }

    private static void verify(LibC c, String user, int uid, int gid) throws CaptureException {
        if (c.getuid() != uid || c.geteuid() != uid || c.getgid() != gid || c.getegid() != gid) {
            throw fail(user, "ids after switch are uid " + c.getuid() + "/" + c.geteuid() + " gid " + c.getgid()
                    + "/" + c.getegid());
        }
        if (c.setuid(0) == 0 || c.geteuid() == 0) {
            throw fail(user, "setuid(0) still succeeds after the switch");
        }
        String stray = threadStillPrivileged(uid);
        if (stray != null) {
            throw fail(user, "thread " + stray + " kept its old uid");
        }
    }

    /** The first task of this process whose real/effective/saved/fs uids are not all {@code uid}, or null. */
    static String threadStillPrivileged(int uid) throws CaptureException {
        String want = "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String line = uidLine(task.resolve("status"));
                if (line != null && !line.equals(want)) {
                    return task.getFileName() + " (" + line.replace('\t', ' ') + ")";
                }
            }
        } catch (IOException e) {
            throw new CaptureException(Kind.USER_SWITCH_FAILED, "cannot check threads after user switch: "
                    + e.getMessage(), e);
        }
        return null;
    }

    /** The {@code Uid:} line of a /proc status file, or null if the task has exited meanwhile. */
    static String uidLine(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("Uid:")) {
                    return l.strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static CaptureException fail(String user, String why) {
        return new CaptureException(Kind.USER_SWITCH_FAILED, "cannot switch to user '" + user + "': " + why);
    }
}
