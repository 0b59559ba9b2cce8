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
import java.util.List;
import java.util.Optional;

/**
 * Namespaces and overlays, no Linux security module: each worker has its own network (ports
 * never collide between workers) and its own writable layer over the project and {@code /tmp};
 * each test child stacks a fresh layer on it, thrown away when the test ends.
 */
@Api(Api.Status.STABLE)
public final class NamespacesBackend implements SandboxBackend {
  public static final String NAME = "namespaces";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "private network and mount namespaces, overlays over the project and /tmp";
  }

  @Override
  public int rank() {
    return 200;
  }

  @Override
  public Availability availability(SandboxSupport support) {
    return missingNamespaces(support).orElse(Availability.AVAILABLE);
  }

  @Override
  public SandboxPolicy policy(SandboxContext context) {
    return new SandboxPolicy(NAME, true, overlays(context), true, Optional.empty(), List.of());
  }

  /** What keeps namespaces and overlays from working, if anything. */
  static Optional<Availability> missingNamespaces(SandboxSupport support) {
    if (!support.namespaces()) {
      return Optional.of(Availability.unavailable(ErrorCode.E012, support.reason("namespaces")));
    }
    if (!support.overlayfs()) {
      return Optional.of(Availability.unavailable(ErrorCode.E012, support.reason("overlayfs")));
    }
    return Optional.empty();
  }

  /** The project first, then the temporary directory (a project below it stays covered). */
  static List<Path> overlays(SandboxContext context) {
    List<Path> overlays = new ArrayList<>();
    overlays.add(context.projectDir());
    if (!context.tmpDir().equals(context.projectDir())) {
      overlays.add(context.tmpDir());
    }
    return overlays;
  }
}
