package dev.tach.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.ErrorCode;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxContext;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;
import dev.tach.api.testing.ExportedTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxBackendsTest {
  private static final SandboxSupport EVERYTHING = new SandboxSupport(7, true, true, false, true, Map.of());
  private static final SandboxContext CONTEXT =
      new SandboxContext(Path.of("/work/project"), Path.of("/tmp"), List.of(Path.of("/scratch/base")), EVERYTHING);

  @Test
  void theThreeBackendsAreFoundByServiceLoaderOnTheClassPath() {
    var names = ServiceLoader.load(SandboxBackend.class).stream()
        .map(p -> p.get().name())
        .collect(Collectors.toSet());
    assertThat(names).contains("landlock-seccomp", "namespaces", "degraded");
  }

  @Test
  void theFullBackendRanksAboveNamespacesWhichRanksAboveDegraded() {
    assertThat(new LandlockSeccompBackend().rank()).isGreaterThan(new NamespacesBackend().rank());
    assertThat(new NamespacesBackend().rank()).isGreaterThan(new DegradedBackend().rank());
  }

  @Test
  void theFullPolicyOverlaysProjectAndTmpAndAllowsWritesOnlyThereAndToExtraDirectories() {
    SandboxPolicy policy = new LandlockSeccompBackend().policy(CONTEXT);
    assertThat(policy.namespaces()).isTrue();
    assertThat(policy.loopback()).isTrue();
    assertThat(policy.overlays()).containsExactly(Path.of("/work/project"), Path.of("/tmp"));
    assertThat(policy.landlock()).get().extracting(SandboxPolicy.Landlock::writable).asList()
        .containsExactly(Path.of("/work/project"), Path.of("/tmp"), Path.of("/dev/shm"), Path.of("/scratch/base"));
    assertThat(policy.seccompDenied()).contains("mount", "umount2", "setns", "bpf", "unshare", "process_vm_writev")
        .doesNotContain("clone", "execve", "socket", "ptrace");
  }

  @Test
  void theNamespacesPolicyHasNoLandlockAndNoFilter() {
    SandboxPolicy policy = new NamespacesBackend().policy(CONTEXT);
    assertThat(policy.overlays()).containsExactly(Path.of("/work/project"), Path.of("/tmp"));
    assertThat(policy.landlock()).isEmpty();
    assertThat(policy.seccompDenied()).isEmpty();
  }

  @Test
  void theDegradedPolicyConfinesNothing() {
    SandboxPolicy policy = new DegradedBackend().policy(CONTEXT);
    assertThat(policy.namespaces()).isFalse();
    assertThat(policy.overlays()).isEmpty();
    assertThat(new DegradedBackend().availability(new SandboxSupport(0, false, false, true, false, Map.of())).available())
        .isTrue();
  }

  @Test
  void eachMissingCapabilityIsNamedWithItsErrorCode() {
    var noNamespaces = new SandboxSupport(7, true, false, true, true, Map.of("namespaces", "unshare: EPERM"));
    var noLandlock = new SandboxSupport(0, true, true, false, true, Map.of("landlock", "landlock_create_ruleset: ENOSYS"));
    var noSeccomp = new SandboxSupport(7, false, true, false, true, Map.of());
    var full = new LandlockSeccompBackend();
    assertThat(full.availability(noNamespaces).code()).contains(ErrorCode.E012);
    assertThat(full.availability(noNamespaces).reason()).isEqualTo("unshare: EPERM");
    assertThat(full.availability(noLandlock).code()).contains(ErrorCode.E006);
    assertThat(full.availability(noSeccomp).code()).contains(ErrorCode.E015);
    assertThat(full.availability(noSeccomp).reason()).isEqualTo("seccomp is unavailable");
    assertThat(new NamespacesBackend().availability(noLandlock).available()).isTrue();
    assertThat(new NamespacesBackend().availability(noNamespaces).code()).contains(ErrorCode.E012);
  }

  @Test
  void aProjectThatIsTheTemporaryDirectoryIsOverlaidOnce() {
    var context = new SandboxContext(Path.of("/tmp"), Path.of("/tmp"), List.of(), EVERYTHING);
    assertThat(new NamespacesBackend().policy(context).overlays()).containsExactly(Path.of("/tmp"));
  }

  @Test
  void exportedTypesSayHowStableTheyAre() {
    assertThat(ExportedTypes.withoutApiMarker(Path.of("target/classes"))).isEmpty();
  }
}
