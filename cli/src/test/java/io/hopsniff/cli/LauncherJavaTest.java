package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which java the launchers run hopsniff on ({@code scripts/hopsniff.d/jvm.sh}, {@code hopsniff_java}): the newest
 * Java 25 or later among the installed JDKs, with its ahead-of-time cache; else {@code java} on the PATH with a
 * class-data-sharing archive; {@code HOPSNIFF_JAVA} over both. The JDK homes here are made up (a release file as
 * the JDKs ship it, and an executable bin/java), so the choice is tested whatever this machine has installed.
 */
class LauncherJavaTest {

    private static final Path JVM_SH = Path.of("..", "scripts", "hopsniff.d", "jvm.sh").toAbsolutePath().normalize();

    @TempDir
    Path jvms;

    @Test
    void onlyJava17InstalledRunsJavaOnThePathWithAClassDataSharingArchive() throws Exception {
        jdk("java-17-openjdk-amd64", "17.0.15");
        assertThat(choice(Map.of())).isEqualTo("java jsa");
    }

    @Test
    void theNewestJava25OrLaterIsPreferredWithAnAheadOfTimeCache() throws Exception {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        jdk("temurin-26-jdk-amd64", "26");
        jdk("java-21-openjdk-amd64", "21.0.5");
        assertThat(choice(Map.of())).isEqualTo(jvms.resolve("temurin-26-jdk-amd64/bin/java") + " aot");
    }

    @Test
    void java21AloneIsNotPreferredOverThePath() throws Exception {
        // 21 has no ahead-of-time cache; the PATH's java is what the user chose
        jdk("java-21-openjdk-amd64", "21.0.5");
        assertThat(choice(Map.of())).isEqualTo("java jsa");
    }

    @Test
    void symlinkedHomesAndHomesWithoutJavaAJvmOrAReleaseAreSkipped() throws Exception {
        Path real = jdk("temurin-25-jdk-amd64", "25.0.3");
        Files.createSymbolicLink(jvms.resolve("default-java"), real);
        Path noJava = Files.createDirectories(jvms.resolve("jre-26-broken"));
        Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"26\"\n");
        Path noRelease = Files.createDirectories(jvms.resolve("jdk-27-norelease/bin"));
        executable(noRelease.resolve("java"));
        Path noJvm = jdk("jdk-28-nojvm", "28");
        Files.delete(noJvm.resolve("lib/server/libjvm.so"));
        assertThat(choice(Map.of())).isEqualTo(real.resolve("bin/java") + " aot");
    }

    @Test
    void hopsniffJavaOverridesTheChoiceAndItsVersionPicksTheArchive() throws Exception {
        jdk("temurin-25-jdk-amd64", "25.0.3");
        Path seventeen = jdk("java-17-openjdk-amd64", "17.0.15");
        Path twentyFive = jvms.resolve("temurin-25-jdk-amd64");
        assertThat(choice(Map.of("HOPSNIFF_JAVA", seventeen.resolve("bin/java").toString())))
                .isEqualTo(seventeen.resolve("bin/java") + " jsa");
        assertThat(choice(Map.of("HOPSNIFF_JAVA", twentyFive.resolve("bin/java").toString())))
                .isEqualTo(twentyFive.resolve("bin/java") + " aot");
        // a java outside any JDK home (no release file beside it): the archive every Java since 13 takes
        assertThat(choice(Map.of("HOPSNIFF_JAVA", "/usr/bin/java"))).isEqualTo("/usr/bin/java jsa");
    }

    @Test
    void compactObjectHeadersOnlyOnJava25OrLaterAndNotWhenTheOptionsAreTheUsers() throws Exception {
        jdk("temurin-25-jdk-amd64", "25.0.3");
        assertThat(options(Map.of(), "analyze")).contains("-XX:+UseCompactObjectHeaders", "-XX:TieredStopAtLevel=1");
        assertThat(options(Map.of(), "capture")).contains("-XX:+UseCompactObjectHeaders")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(options(Map.of("HOPSNIFF_JAVA", "/usr/bin/java"), "analyze"))
                .doesNotContain("-XX:+UseCompactObjectHeaders").contains("-XX:TieredStopAtLevel=1");
        assertThat(options(Map.of("HOPSNIFF_JAVA_OPTS", "-Xmx2g -XX:+UseSerialGC"), "analyze"))
                .containsExactly("-Xmx2g", "-XX:+UseSerialGC");
    }

    /**
     * A JDK home as the JDKs ship it: {@code release} (JAVA_VERSION among other lines), {@code bin/java} and
     * {@code lib/server/libjvm.so}.
     */
    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        executable(Files.createDirectories(home.resolve("bin")).resolve("java"));
        Files.writeString(Files.createDirectories(home.resolve("lib/server")).resolve("libjvm.so"), "");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\""
                + version + "+1\"\nJAVA_VERSION=\"" + version + "\"\nJAVA_VERSION_DATE=\"2026-01-01\"\n");
        return home;
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What hopsniff_java picked: "JAVA KIND". */
    private String choice(Map<String, String> env) throws Exception {
        return bash(env, "hopsniff_java \"$2\"; echo \"$hopsniff_java_bin $hopsniff_archive_kind\"", "");
    }

    /** The JVM options hopsniff_options gives for {@code command} on the java hopsniff_java picked. */
    private List<String> options(Map<String, String> env, String command) throws Exception {
        return List.of(bash(env, "hopsniff_java \"$2\"; hopsniff_options \"$3\"; echo \"${hopsniff_options[*]}\"", command)
                .split(" "));
    }

    private String bash(Map<String, String> env, String script, String arg) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c",
                "set -euo pipefail; . \"$1\"; " + script, "test", JVM_SH.toString(), jvms.toString(), arg));
        pb.environment().remove("HOPSNIFF_JAVA");
        pb.environment().remove("HOPSNIFF_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
