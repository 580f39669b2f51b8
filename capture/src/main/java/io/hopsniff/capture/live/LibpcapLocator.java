package io.hopsniff.capture.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Finds the libpcap shared object and tells pcap4j where it is, before any pcap4j class initialises.
 *
 * <p>Why: pcap4j asks JNA for the library "pcap", and JNA looks for {@code libpcap.so}, the unversioned
 * symlink that Debian and Ubuntu ship only in {@code libpcap-dev}. A production host has just
 * {@code libpcap0.8} ({@code libpcap.so.0.8} → {@code libpcap.so.1.10.x}), and tcpdump works there, so we
 * must too. pcap4j reads {@value #PROPERTY} once, in {@code NativeMappings}' static initialiser; we set it to
 * the real file. An operator's own {@code -D} setting wins.
 *
 * <p>Search order: the property if set; the library directories of this JVM's architecture (multiarch
 * triplet, lib64, lib, /usr/local/lib) for {@code libpcap.so*}; then {@code ldconfig -p}, which also knows
 * paths from {@code /etc/ld.so.conf.d}. Candidates are ELF files of this JVM's machine type, so a 32-bit or
 * foreign-arch copy under {@code /usr/lib/*}/ is never picked.
 */
final class LibpcapLocator {
    static final String PROPERTY = "org.pcap4j.core.pcapLibName";

    private static volatile String located;

    private LibpcapLocator() {
    }

    /** Idempotent; returns what pcap4j will load (a path, or JNA's bare name off Linux). */
    static synchronized String ensureConfigured() throws CaptureException {
        if (located != null) {
            return located;
        }
        String preset = System.getProperty(PROPERTY);
        if (preset != null && !preset.isBlank()) {
            if (preset.contains("/") && !Files.isReadable(Path.of(preset))) {
                throw new CaptureException(CaptureException.Kind.LIBPCAP_MISSING,
                        "libpcap not found: -D" + PROPERTY + "=" + preset + " does not exist");
            }
            located = preset;
            return preset;
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            located = "pcap";
            return located;
        }
        Path found = find();
        if (found == null) {
            throw new CaptureException(CaptureException.Kind.LIBPCAP_MISSING,
                    "libpcap not found (no libpcap.so* for " + System.getProperty("os.arch")
                            + " in the library directories or ldconfig -p); install libpcap0.8 (Debian/Ubuntu)"
                            + " or libpcap (RHEL/Alpine)");
        }
        located = found.toString();
        System.setProperty(PROPERTY, located);
        return located;
    }

    static Path find() {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : libraryDirs()) {
            candidates.addAll(listPcap(dir));
        }
        candidates.addAll(fromLdconfig());
        return candidates.stream()
                .filter(LibpcapLocator::isNativeElf)
                .min(Comparator.comparingInt(LibpcapLocator::preference))
                .orElse(null);
    }

    private static List<Path> libraryDirs() {
        List<Path> dirs = new ArrayList<>();
        String triplet = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            case "ppc64le" -> "powerpc64le-linux-gnu";
            case "s390x" -> "s390x-linux-gnu";
            default -> null;
        };
        if (triplet != null) {
            dirs.add(Path.of("/usr/lib", triplet));
            dirs.add(Path.of("/lib", triplet));
        }
        for (String d : List.of("/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib")) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    private static List<Path> listPcap(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "libpcap.so*")) {
            ds.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // an unreadable directory is just not a place libpcap is
        }
        return out;
    }

    private static List<Path> fromLdconfig() {
        List<Path> out = new ArrayList<>();
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(exe))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                String text;
                try (InputStream in = p.getInputStream()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                p.waitFor(2, TimeUnit.SECONDS);
                p.destroy();
                // "	libpcap.so.0.8 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpcap.so.0.8"
                for (String line : text.split("\n")) {
                    String t = line.strip();
                    int arrow = t.indexOf("=> ");
                    if (t.startsWith("libpcap.so") && arrow > 0) {
                        out.add(Path.of(t.substring(arrow + 3).strip()));
                    }
                }
                break;
            } catch (IOException e) {
                // try the next location of ldconfig
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /** Unversioned first (what JNA would have picked), then the newest soname, then anything. */
    private static int preference(Path p) {
        String n = p.getFileName().toString();
        if (n.equals("libpcap.so")) {
            return 0;
        }
        if (n.equals("libpcap.so.1")) {
            return 1;
        }
        if (n.equals("libpcap.so.0.8")) {
            return 2;
        }
        return 3;
    }

    /** ELF of the same class (32/64-bit) and machine as this JVM; linker scripts and foreign arches fail. */
    static boolean isNativeElf(Path p) {
        byte[] h = new byte[20];
        try (InputStream in = Files.newInputStream(p)) {
            if (in.readNBytes(h, 0, h.length) < h.length) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
            return false;
        }
        boolean is64 = h[4] == 2;
        boolean little = h[5] == 1;
        int machine = little ? (h[18] & 0xff) | (h[19] & 0xff) << 8 : (h[19] & 0xff) | (h[18] & 0xff) << 8;
        int expected = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 62;
            case "aarch64", "arm64" -> 183;
            case "riscv64" -> 243;
            case "ppc64le" -> 21;
            case "s390x" -> 22;
            default -> -1;
        };
        boolean jvm64 = "64".equals(System.getProperty("sun.arch.data.model", "64"));
        return is64 == jvm64 && (expected < 0 || machine == expected);
    }
}
