package dev.tach.sandbox;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.spi.Availability;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxContext;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Everything: the {@code namespaces} backend, then Landlock (writes only to the overlays, the
 * extra writable directories and existing device nodes) and a seccomp filter.
 *
 * <p>{@code ptrace} is not in the filter: Landlock already refuses to trace any process outside
 * the test's own domain (the supervisor, the worker, other tests), while a test may still
 * trace the processes it started, which a seccomp filter could not tell apart.
 */
@Api(Api.Status.STABLE)
public final class LandlockSeccompBackend implements SandboxBackend {
  public static final String NAME = "landlock-seccomp";

  /** Answered with EPERM; by their x86-64 names. */
  public static final List<String> DENIED_SYSCALLS = List.of(
      "mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount",
      "fspick", "mount_setattr", "kexec_load", "kexec_file_load", "init_module", "finit_module",
      "delete_module", "bpf", "reboot", "swapon", "swapoff", "setns", "unshare", "keyctl",
      "add_key", "request_key", "process_vm_writev", "open_by_handle_at");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "namespaces and overlays, Landlock write rules and a seccomp filter (the full sandbox)";
  }

  @Override
  public int rank() {
    return 300;
  }

  @Override
  public Availability availability(SandboxSupport support) {
    Optional<Availability> namespaces = NamespacesBackend.missingNamespaces(support);
    if (namespaces.isPresent()) {
      return namespaces.get();
    }
    if (support.landlockAbi() < 1) {
      return Availability.unavailable(ErrorCode.E006, support.reason("landlock"));
    }
    if (!support.seccomp()) {
      return Availability.unavailable(ErrorCode.E015, support.reason("seccomp"));
    }
    return Availability.AVAILABLE;
  }

  @Override
  public SandboxPolicy policy(SandboxContext context) {
    List<Path> overlays = NamespacesBackend.overlays(context);
    LinkedHashSet<Path> writable = new LinkedHashSet<>(overlays);
    writable.add(Path.of("/dev/shm"));
    writable.addAll(context.extraWritable());
    return new SandboxPolicy(
        NAME,
        true,
        overlays,
        true,
        Optional.of(new SandboxPolicy.Landlock(new ArrayList<>(writable))),
        DENIED_SYSCALLS);
  }
}
