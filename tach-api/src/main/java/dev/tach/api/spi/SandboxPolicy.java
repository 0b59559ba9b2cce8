package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A sandbox as data, applied by the harness (docs/sandbox.md). Each worker gets its own user
 * (when not root), mount and network namespaces, the overlays and the loopback interface; each
 * test child then gets a fresh mount namespace with overlays stacked on the worker's, then the
 * Landlock rules and the seccomp filter. A policy with nothing on still has every test's
 * processes killed when the test ends (subreaper and process group).
 *
 * @param backend the name of the backend that made it
 * @param namespaces new mount and network namespaces per worker, a new mount namespace per test
 * @param overlays directories whose writes land in a throwaway layer (empty: none); needs
 *     {@code namespaces}
 * @param loopback bring {@code lo} up in the worker's network namespace
 * @param landlock the Landlock rules, when Landlock confines the test
 * @param seccompDenied system calls answered with {@code EPERM}, by their x86-64 names (empty:
 *     no filter); denying {@code unshare} also denies {@code clone} with namespace flags
 */
@Api(Api.Status.STABLE)
public record SandboxPolicy(
    String backend,
    boolean namespaces,
    List<Path> overlays,
    boolean loopback,
    Optional<Landlock> landlock,
    List<String> seccompDenied) {

  public SandboxPolicy {
    requireNonNull(backend, "backend is null");
    overlays = List.copyOf(overlays);
    requireNonNull(landlock, "landlock is null");
    seccompDenied = List.copyOf(seccompDenied);
    if (!namespaces && (!overlays.isEmpty() || loopback)) {
      throw new IllegalArgumentException("overlays and loopback need namespaces");
    }
  }

  /** A policy that confines nothing (process cleanup still happens). */
  public static SandboxPolicy nothing(String backend) {
    return new SandboxPolicy(backend, false, List.of(), false, Optional.empty(), List.of());
  }

  /**
   * Landlock rules: reads and execution everywhere, writes only beneath {@code writable} (and to
   * existing device nodes such as {@code /dev/null}).
   *
   * @param writable the write roots
   */
  public record Landlock(List<Path> writable) {
    public Landlock {
      writable = List.copyOf(writable);
    }
  }
}
