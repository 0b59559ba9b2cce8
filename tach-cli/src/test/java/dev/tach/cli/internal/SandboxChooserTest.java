package dev.tach.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.RunEvent;
import dev.tach.api.TachException;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxSupport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxChooserTest {
  private static final List<SandboxBackend> BACKENDS =
      ServiceLoader.load(SandboxBackend.class).stream().map(ServiceLoader.Provider::get).collect(Collectors.toList());
  private static final SandboxSupport EVERYTHING = new SandboxSupport(7, true, true, false, true, Map.of());
  private static final SandboxSupport NO_LANDLOCK =
      new SandboxSupport(0, true, true, false, true, Map.of("landlock", "landlock_create_ruleset: EOPNOTSUPP"));
  private static final SandboxSupport NOTHING = new SandboxSupport(
      0, false, false, true, true, Map.of("landlock", "ENOSYS", "namespaces", "unshare: EPERM", "seccomp", "EINVAL"));

  private static String chosen(SandboxChooser.Choice choice) {
    return choice.backend().map(SandboxBackend::name).orElse("none");
  }

  @Test
  void theFullSandboxIsChosenSilentlyWhereEverythingWorks() {
    var choice = SandboxChooser.choose(BACKENDS, Optional.empty(), false, EVERYTHING);
    assertThat(chosen(choice)).isEqualTo("landlock-seccomp");
    assertThat(choice.warnings()).isEmpty();
  }

  @Test
  void withoutLandlockTheNamespacesBackendRunsAndE006SaysWhy() {
    var choice = SandboxChooser.choose(BACKENDS, Optional.empty(), false, NO_LANDLOCK);
    assertThat(chosen(choice)).isEqualTo("namespaces");
    assertThat(choice.warnings()).extracting(RunEvent.Warning::line).containsExactly(
        "warning E006: sandbox backend landlock-seccomp is unavailable: landlock_create_ruleset: EOPNOTSUPP");
  }

  @Test
  void withoutNamespacesTheRunIsDegradedWithOneE012Warning() {
    var choice = SandboxChooser.choose(BACKENDS, Optional.empty(), false, NOTHING);
    assertThat(chosen(choice)).isEqualTo("degraded");
    assertThat(choice.warnings()).extracting(RunEvent.Warning::line).singleElement().asString()
        .startsWith("warning E012: ").endsWith("unshare: EPERM");
  }

  @Test
  void aForcedBackendWins() {
    assertThat(chosen(SandboxChooser.choose(BACKENDS, Optional.of("namespaces"), false, EVERYTHING)))
        .isEqualTo("namespaces");
    assertThat(chosen(SandboxChooser.choose(BACKENDS, Optional.of("degraded"), false, EVERYTHING)))
        .isEqualTo("degraded");
  }

  @Test
  void anUnavailableForcedBackendIsAWarningAndTheNextBestBelowItRuns() {
    var choice = SandboxChooser.choose(BACKENDS, Optional.of("landlock-seccomp"), false, NO_LANDLOCK);
    assertThat(chosen(choice)).isEqualTo("namespaces");
    assertThat(choice.warnings()).extracting(RunEvent.Warning::code).containsExactly(ErrorCode.E006);
  }

  @Test
  void anUnknownBackendIsAConfigurationErrorListingTheNames() {
    assertThatThrownBy(() -> SandboxChooser.choose(BACKENDS, Optional.of("jail"), false, EVERYTHING))
        .isInstanceOf(TachException.class)
        .hasMessageContaining("no sandbox backend named \"jail\"");
  }

  @Test
  void isolationIsOffByFlagBySandboxNoneOrByTheEnvironment() {
    assertThat(SandboxChooser.disabled(true, Optional.empty(), Map.of())).isTrue();
    assertThat(SandboxChooser.disabled(false, Optional.of("none"), Map.of())).isTrue();
    assertThat(SandboxChooser.disabled(false, Optional.empty(), Map.of("TACH_NO_ISOLATION", "1"))).isTrue();
    assertThat(SandboxChooser.disabled(false, Optional.empty(), Map.of("TACH_NO_ISOLATION", "0"))).isFalse();
    assertThat(SandboxChooser.disabled(false, Optional.empty(), Map.of())).isFalse();
    assertThat(chosen(SandboxChooser.choose(BACKENDS, Optional.empty(), true, EVERYTHING))).isEqualTo("none");
  }
}
