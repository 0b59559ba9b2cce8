package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.Map;

/**
 * What the kernel and the user allow a sandbox, as probed at the start of a run (and by
 * {@code tach doctor}).
 *
 * @param landlockAbi the Landlock ABI version, 0 when Landlock is unavailable
 * @param seccomp whether a process may install a seccomp filter
 * @param namespaces whether a throwaway child could unshare its mount and network namespaces
 *     (with a user namespace when not root)
 * @param userNamespace whether that needed a user namespace (the run is not root)
 * @param overlayfs whether the kernel offers overlayfs
 * @param reasons one line per capability that is missing, keyed {@code landlock},
 *     {@code seccomp}, {@code namespaces} or {@code overlayfs}
 */
@Api(Api.Status.STABLE)
public record SandboxSupport(
    int landlockAbi,
    boolean seccomp,
    boolean namespaces,
    boolean userNamespace,
    boolean overlayfs,
    Map<String, String> reasons) {

  public SandboxSupport {
    reasons = Map.copyOf(requireNonNull(reasons, "reasons is null"));
    if (landlockAbi < 0) {
      throw new IllegalArgumentException("landlockAbi must be >= 0, got " + landlockAbi);
    }
  }

  /** The reason {@code capability} is missing, or a generic one. */
  public String reason(String capability) {
    return reasons.getOrDefault(capability, capability + " is unavailable");
  }
}
