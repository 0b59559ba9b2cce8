package dev.tach.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The facade against the real kernel (Linux only; a refused feature skips with the kernel's reason). */
@EnabledOnOs(OS.LINUX)
class OsTest {
  private static Os os;

  @BeforeAll
  static void bindLibc() {
    os = Os.load();
  }

  /** Skips the test with the errno and its meaning, printed, when the kernel refuses the call. */
  private static <T> T orSkip(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SyscallException e) {
      System.out.println("skipped: " + e.getMessage());
      assumeTrue(false, e.getMessage());
      throw e;
    }
  }

  private static String status(String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).trim())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anInvalidCallFailsWithTheErrnoByName() {
    assertThatThrownBy(() -> os.close(-1))
        .isInstanceOf(SyscallException.class)
        .hasMessage("close(-1): EBADF (Bad file descriptor)")
        .satisfies(e -> {
          assertThat(((SyscallException) e).errno()).isEqualTo("EBADF");
          assertThat(((SyscallException) e).call()).isEqualTo("close(-1)");
        });
  }

  @Test
  void openingAMissingFileFailsWithEnoent() {
    assertThatThrownBy(() -> os.openReadOnly(Path.of("/nonexistent/tach")))
        .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo("ENOENT"));
  }

  @Test
  void unameGivesTheRunningKernelRelease() throws IOException {
    Uname uname = os.uname();
    assertThat(uname.sysname()).isEqualTo("Linux");
    assertThat(uname.release()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    assertThat(uname.machine()).isNotBlank();
    assertThat(uname.atLeast(2, 6)).isTrue();
    assertThat(uname.atLeast(99, 0)).isFalse();
  }

  @Test
  void userIdsAreThoseOfProcSelfStatus() throws IOException {
    String[] uids = status("Uid").split("\\s+");
    assertThat(os.uid()).isEqualTo(Long.parseLong(uids[0]));
    assertThat(os.euid()).isEqualTo(Long.parseLong(uids[1]));
  }

  @Test
  void landlockAbiIsAPositiveVersion() {
    int abi = orSkip(os::landlockAbi);
    System.out.println("Landlock ABI " + abi);
    assertThat(abi).isGreaterThanOrEqualTo(1);
  }

  @Test
  void seccompModeIsTheOneProcSelfStatusShows() throws IOException {
    int mode = orSkip(os::seccompMode);
    assertThat(mode).isEqualTo(Integer.parseInt(status("Seccomp")));
  }

  @Test
  void userfaultfdOffersWriteProtectAndAsyncWriteProtect() {
    boolean root = os.euid() == 0;
    UffdApi api;
    try (Fd fd = orSkip(() -> os.userfaultfd(!root))) {
      api = os.uffdApi(fd);
    }
    System.out.printf("UFFDIO_API: api %#x, features %#x, ioctls %#x%n", api.api(), api.features(), api.ioctls());
    assertThat(api.api()).isEqualTo(Linux.UFFD_API);
    assumeTrue(os.uname().atLeast(6, 7), "UFFD_FEATURE_WP_ASYNC needs Linux 6.7, this is " + os.uname().release());
    assertThat(api.writeProtect()).as("UFFD_FEATURE_PAGEFAULT_FLAG_WP").isTrue();
    assertThat(api.writeProtectUnpopulated()).as("UFFD_FEATURE_WP_UNPOPULATED").isTrue();
    assertThat(api.writeProtectAsync()).as("UFFD_FEATURE_WP_ASYNC").isTrue();
  }

  @Test
  void pagemapScanOfAnEmptyRangeFindsNothingOnLinux67AndEnottyBefore() {
    try (Fd pagemap = os.openReadOnly(Path.of("/proc/self/pagemap"))) {
      if (os.uname().atLeast(6, 7)) {
        assertThat(orSkip(() -> os.pagemapScan(pagemap, 0, 0))).isZero();
      } else {
        assertThatThrownBy(() -> os.pagemapScan(pagemap, 0, 0))
            .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo("ENOTTY"));
      }
    }
  }

  @Test
  void ioctlNumbersAreTheKernelHeadersOnes() {
    // From <linux/userfaultfd.h> and <linux/fs.h> as compiled on x86_64.
    assertThat(Linux.UFFDIO_API).isEqualTo(0xC018AA3FL);
    assertThat(Linux.PAGEMAP_SCAN).isEqualTo(0xC0606610L);
  }

  @Test
  void aClosedDescriptorIsNotClosedTwice() {
    Fd fd = os.openReadOnly(Path.of("/proc/self/status"));
    fd.close();
    fd.close();
    assertThat(Optional.of(fd.toString())).get().asString().contains("/proc/self/status");
  }
}
