package dev.tach.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The probes: on this machine's kernel (Linux only), and on made-up /proc files. */
class ProbesTest {
  @TempDir Path dir;

  private static void skipUnless(Optional<String> missing) {
    missing.ifPresent(why -> System.out.println("skipped: " + why));
    assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void everyProbeAnswersOnThisMachine() {
    Probes.Report report = Probes.all();
    System.out.println(report);
    assertThat(report.nativeAccess()).isEmpty();
    assertThat(report.kernel().release()).isNotBlank();
    assertThat(report.landlock().available() || report.landlock().missing().isPresent()).isTrue();
    assertThat(report.seccomp().available() || report.seccomp().missing().isPresent()).isTrue();
    assertThat(report.userfaultfd().available() || report.userfaultfd().missing().isPresent()).isTrue();
    assertThat(report.pagemapScan().available() || report.pagemapScan().missing().isPresent()).isTrue();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void landlockSeccompAndUserfaultfdAreAvailableWhereTheKernelAllows() {
    Probes.Report report = Probes.all();
    skipUnless(report.landlock().missing());
    assertThat(report.landlock().abi()).isGreaterThanOrEqualTo(1);
    skipUnless(report.seccomp().missing());
    assertThat(report.seccomp().actions()).contains("errno", "kill_process");
    skipUnless(report.userfaultfd().missing());
    assertThat(report.userfaultfd().api()).isPresent();
    assertThat(report.userfaultfd().userModeOnly()).isEqualTo(!report.identity().root());
  }

  @Test
  void aUnifiedHierarchyIsCgroupV2() throws IOException {
    Path root = Files.createDirectories(dir.resolve("cg/tach.slice"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
    Files.writeString(root.resolve("cgroup.kill"), "");
    Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
        "30 22 0:27 / " + dir.resolve("cg") + " rw,nosuid - cgroup2 cgroup2 rw\n");
    Path cgroup = Files.writeString(dir.resolve("cgroup"), "0::/tach.slice\n");
    Probes.Cgroup found = Probes.cgroup(mountinfo, cgroup);
    assertThat(found.mount()).contains(dir.resolve("cg"));
    assertThat(found.own()).contains("/tach.slice");
    assertThat(found.controllers()).containsExactly("cpu", "memory", "pids");
    assertThat(found.killFile()).isTrue();
    // Not on /sys/fs/cgroup, so not "unified" by the letter; the mount and cgroup still count.
    assertThat(found.unified()).isFalse();
  }

  @Test
  void aHybridHierarchySaysWhereCgroup2IsAndThatV1HoldsTheControllers() throws IOException {
    Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
        "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
            + "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
    Path cgroup = Files.writeString(dir.resolve("cgroup"), "1:cpu:/\n0::/\n");
    Probes.Cgroup found = Probes.cgroup(mountinfo, cgroup);
    assertThat(found.unified()).isFalse();
    assertThat(found.mount()).contains(Path.of("/sys/fs/cgroup/unified"));
    assertThat(found.missing()).get().asString().contains("hybrid");
  }

  @Test
  void noCgroup2MountIsV1Only() throws IOException {
    Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
        "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n");
    Probes.Cgroup found = Probes.cgroup(mountinfo, dir.resolve("none"));
    assertThat(found.mount()).isEmpty();
    assertThat(found.missing()).contains("no cgroup2 file system is mounted (cgroup v1 only)");
  }

  @Test
  void overlayfsIsFoundInProcFilesystems() throws IOException {
    Path with = Files.writeString(dir.resolve("with"), "nodev\tsysfs\n\text4\nnodev\toverlay\n");
    Path without = Files.writeString(dir.resolve("without"), "nodev\tsysfs\n\text4\n");
    assertThat(Probes.overlayfs(with).available()).isTrue();
    assertThat(Probes.overlayfs(without).missing()).get().asString().startsWith("overlay is not in");
  }
}
