package dev.tach.cli.internal;

import static java.util.Objects.requireNonNull;

import dev.tach.api.ErrorCode;
import dev.tach.api.RunEvent;
import dev.tach.api.TachException;
import dev.tach.api.spi.Availability;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxSupport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the sandbox backend of a run: none when isolation is off, the forced one when it is
 * available, else the best available by rank. What is unavailable becomes a one-line warning
 * with its error code, never a failure (an unknown name is a configuration error).
 */
public final class SandboxChooser {
  /** Selects no sandbox, like {@code --no-isolation}. */
  public static final String NONE = "none";

  private SandboxChooser() {}

  /**
   * The outcome.
   *
   * @param backend the chosen backend, empty when isolation is off
   * @param warnings what could not be had, each with its error code
   * @param why one line saying how the choice was made (for {@code tach doctor} and --debug)
   */
  public record Choice(Optional<SandboxBackend> backend, List<RunEvent.Warning> warnings, String why) {
    public Choice {
      requireNonNull(backend, "backend is null");
      warnings = List.copyOf(warnings);
      requireNonNull(why, "why is null");
    }
  }

  /** Whether the user turned isolation off: {@code --no-isolation}, or {@code TACH_NO_ISOLATION=1}. */
  public static boolean disabled(boolean noIsolationFlag, Optional<String> forced, java.util.Map<String, String> env) {
    String variable = env.getOrDefault("TACH_NO_ISOLATION", "");
    boolean byEnv = !variable.isEmpty() && !variable.equals("0") && !variable.equalsIgnoreCase("false");
    return noIsolationFlag || byEnv || forced.filter(NONE::equals).isPresent();
  }

  /**
   * Chooses.
   *
   * @param backends every backend found
   * @param forced the name given with {@code --sandbox}, if any
   * @param disabled isolation is off
   * @param support what the machine allows
   */
  public static Choice choose(
      Collection<SandboxBackend> backends, Optional<String> forced, boolean disabled, SandboxSupport support) {
    if (disabled) {
      return new Choice(Optional.empty(), List.of(), "isolation is off (--no-isolation, --sandbox none or TACH_NO_ISOLATION)");
    }
    List<SandboxBackend> ranked = new ArrayList<>(backends);
    ranked.sort(Comparator.comparingInt(SandboxBackend::rank).reversed().thenComparing(SandboxBackend::name));
    List<RunEvent.Warning> warnings = new ArrayList<>();
    if (forced.isPresent()) {
      SandboxBackend wanted = requireKnown(ranked, forced.get());
      Availability availability = wanted.availability(support);
      if (availability.available()) {
        return new Choice(Optional.of(wanted), List.of(), "forced with --sandbox " + wanted.name());
      }
      warnings.add(warning(wanted, availability));
      ranked.removeIf(b -> b.rank() >= wanted.rank());
    }
    for (SandboxBackend backend : ranked) {
      Availability availability = backend.availability(support);
      if (availability.available()) {
        String why = warnings.isEmpty() ? "the best this machine allows" : "the best this machine allows after that";
        return new Choice(Optional.of(backend), warnings, backend.name() + ": " + why);
      }
      if (forced.isEmpty() && !duplicate(warnings, availability)) {
        warnings.add(warning(backend, availability));
      }
    }
    return new Choice(Optional.empty(), warnings, "no sandbox backend is available");
  }

  /** The backend named {@code name}; an unknown name is a configuration error listing the names. */
  public static SandboxBackend requireKnown(Collection<SandboxBackend> backends, String name) {
    return backends.stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new TachException(
            ErrorCode.E002,
            "no sandbox backend named \"" + name + "\"",
            "available: " + String.join(", ", backends.stream().map(SandboxBackend::name).sorted().toList()) + ", none"));
  }

  private static boolean duplicate(List<RunEvent.Warning> warnings, Availability availability) {
    return availability.code().isPresent() && warnings.stream().anyMatch(w -> w.code() == availability.code().get());
  }

  private static RunEvent.Warning warning(SandboxBackend backend, Availability availability) {
    return new RunEvent.Warning(
        availability.code().orElse(ErrorCode.E019),
        "sandbox backend " + backend.name() + " is unavailable: " + availability.reason());
  }
}
