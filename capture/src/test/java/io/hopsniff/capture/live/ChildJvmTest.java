package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What needs a process of its own: losing root for good, a once-per-JVM property, another network namespace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChildJvmTest {

    @BeforeEach
    void requireCapture() {
        Live.assumeCaptureWorks();
    }

    @Test
    void afterDroppingToNobodyEveryThreadIsNobodyAndOpeningIsPermissionDenied() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), List.of(), "--user", "nobody", "--open", "lo");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.values().get("dropped")).as(r.output()).isEqualTo("uid=65534 gid=65534");
        // glibc's setxid broadcast: a thread that existed before the switch and one created after both changed
        assertThat(r.values().get("old-thread")).isEqualTo("Uid:\t65534\t65534\t65534\t65534");
        assertThat(r.values().get("new-thread")).isEqualTo("Uid:\t65534\t65534\t65534\t65534");
        // and no execve can grant privileges again: NoNewPrivs set, bounding set empty, inherited by new threads
        assertThat(r.values().get("dropping-thread-hardening")).isEqualTo("CapBnd:0000000000000000 NoNewPrivs:1");
        assertThat(r.values().get("new-thread-hardening")).isEqualTo("CapBnd:0000000000000000 NoNewPrivs:1");
        assertThat(r.values().get("tasks")).matches("\\d+ not-switched=0");
        assertThat(Integer.parseInt(r.values().get("tasks").split(" ")[0])).isGreaterThan(5); // GC, JIT, ...
        assertThat(r.values().get("second-drop")).startsWith("USER_SWITCH_FAILED").contains("not running as root");
        assertThat(r.values().get("open")).startsWith("PERMISSION cannot open lo: permission denied");
    }

    @Test
    void unknownUserIsUserSwitchFailedAndLeavesRootIntact() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), List.of(), "--user", "hopsniff-no-such-user", "--open", "lo");
        assertThat(r.output()).contains("USER_SWITCH_FAILED").contains("unknown user");
        assertThat(r.exitCode()).isNotZero();
    }

    @Test
    void libpcapIsFoundWithoutTheDevSymlink() throws Exception {
        Path found = LibpcapLocator.find();
        assertThat(found).isNotNull();
        assertThat(found.getFileName().toString()).startsWith("libpcap.so");
        assertThat(LibpcapLocator.isNativeElf(found)).isTrue();
        ChildJvm.Result r = ChildJvm.run(List.of(), List.of(), "--version");
        assertThat(r.values().get("version")).as(r.output()).startsWith("libpcap version");
    }

    @Test
    void aWrongLibraryPathIsLibpcapMissing() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), List.of("-D" + LibpcapLocator.PROPERTY + "=/nonexistent/libpcap.so"),
                "--open", "lo");
        assertThat(r.output()).contains("LIBPCAP_MISSING").contains("/nonexistent/libpcap.so");
        ChildJvm.Result notElf = ChildJvm.run(List.of(), List.of("-D" + LibpcapLocator.PROPERTY + "=/etc/hostname"),
                "--open", "lo");
        assertThat(notElf.values().get("open")).as(notElf.output()).startsWith("LIBPCAP_MISSING cannot load libpcap");
    }

    @Test
    void loopbackOfAFreshNetworkNamespaceIsDown() throws Exception {
        Path unshare = Path.of("/usr/bin/unshare");
        assumeTrue(Files.isExecutable(unshare), "unshare not installed");
        ChildJvm.Result r = ChildJvm.run(List.of(unshare.toString(), "-n"), List.of(), "--open", "lo");
        assumeTrue(!r.output().contains("unshare failed"), "no permission to create a network namespace");
        assertThat(r.values().get("open")).as(r.output()).startsWith("INTERFACE_DOWN cannot open lo: interface is down");
    }
}
