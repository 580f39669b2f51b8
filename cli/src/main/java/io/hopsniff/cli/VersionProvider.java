package io.hopsniff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version and build Maven wrote into version.properties at build time. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    private static final Properties BUILD = load();

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable jar entry: every value below says "unknown"
        }
        return p;
    }

    /** A build property, or null when the build could not tell (no git, or Maven left the placeholder). */
    private static String property(String name) {
        String value = BUILD.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value;
    }

    public static String version() {
        String v = property("version");
        return v == null ? "unknown" : v;
    }

    /** Which build this is: "commit 1a2b3c4d5e (2026-12-02)", "+ local changes" when the tree was dirty. */
    public static String build() {
        String commit = property("commit");
        if (commit == null) {
            return "commit unknown";
        }
        String date = property("commitDate");
        return "commit " + commit + (date == null ? "" : " (" + date + ")")
                + ("true".equals(property("dirty")) ? " + local changes" : "");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hopsniff " + version() + ", " + build(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
